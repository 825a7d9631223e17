import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';

/**
 * Logs every unexpected error with the request id, when execution is done and before yoga masks
 * it as INTERNAL_SERVER_ERROR: the client sees no internals, the operator can find the cause.
 */
export function useErrorLogging(): Plugin<GatewayContext> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result }) {
          if (Symbol.asyncIterator in result) return;
          const ctx = args.contextValue as GatewayContext;
          for (const error of result.errors ?? []) {
            const original = error.originalError;
            if (error.extensions?.code || !original || original instanceof GraphQLError) continue;
            ctx.log('error', 'unexpected error', { requestId: ctx.requestId, path: error.path?.join('.'), error: original.stack ?? String(original) });
          }
        },
      };
    },
  };
}
