import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * INTROSPECTION (docs/contract.md): when off, graphql-js's NoSchemaIntrospectionCustomRule refuses
 * `__schema` and `__type` at validation (`__typename` still answers). Direct execution only runs
 * documents yoga has validated, so it cannot bypass the rule. On: nothing is added.
 */
export function useIntrospectionPolicy(allowed: boolean): Plugin {
  if (allowed) return {};
  return {
    /** Runs before each validation: adds the rule. */
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}
