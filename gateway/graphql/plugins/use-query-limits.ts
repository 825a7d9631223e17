import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { parseWithTokenLimit } from '../../limits/parse-limits';
import { checkQueryLimits, QUERY_LIMITS, type QueryLimits } from '../../limits/query-limits';
import { withoutSuggestions } from '../../limits/suggestions';

export interface QueryLimitsOptions {
  limits?: QueryLimits;
  /** Keep graphql-js's "Did you mean …" suggestions (development only). */
  suggestions?: boolean;
}

/**
 * Applies the query limits of gateway/limits/ (QUERY_TOO_COMPLEX): the parser's token limit, then,
 * before graphql-js validates the document, its fragments, directives, depth, cost, aliases and
 * spreads. Suggestions are taken out of validation and execution errors unless asked for.
 */
export function useQueryLimits(options: QueryLimitsOptions = {}): Plugin {
  const limits = options.limits ?? QUERY_LIMITS;
  const strip = (errors: readonly Error[]): Error[] => (options.suggestions ? [...errors] : errors.map(unsuggested));
  return {
    /** Runs before each parse (yoga caches parsed documents by text): the token limit. */
    onParse({ setParseFn }) {
      setParseFn((source, parseOptions) => parseWithTokenLimit(source, limits.maxTokens, parseOptions));
    },
    /**
     * Runs before validation, uncached (the cost depends on the variables): throws
     * QUERY_TOO_COMPLEX, so graphql-js never validates a bomb; afterwards, strips suggestions.
     */
    onValidate({ params, context }) {
      const request = (context as { params?: { operationName?: string; variables?: Record<string, unknown> } }).params ?? {};
      checkQueryLimits(params.schema, params.documentAST, request, limits);
      return ({ result, setResult }) => {
        if (result.length) setResult(strip(result));
      };
    },
    /** Runs around execution: strips suggestions from variable coercion errors. */
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (!options.suggestions && 'errors' in result && result.errors?.length) setResult({ ...result, errors: strip(result.errors) });
        },
      };
    },
  };
}

function unsuggested(error: Error): Error {
  if (!(error instanceof GraphQLError)) return error;
  const message = withoutSuggestions(error.message);
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
