import { Kind, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { gatewayError } from '../../errors';
import { LIMITS, operationCost } from '../query-cost';

/**
 * Refuses, before execution, an operation deeper than 10 levels, costlier than the bound (list
 * sizes multiplied through nesting and aliases), or with too many aliases: QUERY_TOO_COMPLEX.
 * Introspection has its own depth bound, deep enough for GraphiQL's standard query.
 */
export function useQueryLimits(limits = LIMITS): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      let operation: OperationDefinitionNode | undefined;
      for (const definition of args.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
        else if (definition.kind === Kind.OPERATION_DEFINITION && (!args.operationName || definition.name?.value === args.operationName)) {
          operation ??= definition;
        }
      }
      if (!operation) return;
      const { depth, cost, aliases, introspectionDepth } = operationCost(args.schema, operation, fragments, (args.variableValues ?? {}) as Record<string, unknown>);
      const problem =
        depth > limits.maxDepth ? `depth ${depth} is over ${limits.maxDepth}`
        : introspectionDepth > limits.maxIntrospectionDepth ? `introspection depth ${introspectionDepth} is over ${limits.maxIntrospectionDepth}`
        : cost > limits.maxCost ? `cost ${cost} is over ${limits.maxCost} (list sizes multiply through nesting)`
        : aliases > limits.maxAliases ? `${aliases} aliases is over ${limits.maxAliases}`
        : undefined;
      if (problem) {
        setResultAndStopExecution({
          errors: [gatewayError('QUERY_TOO_COMPLEX', `the query is too complex: ${problem}`, { depth, cost, aliases, limits })],
        });
      }
    },
  };
}
