import type { Plugin } from 'graphql-yoga';
import { gatewayError } from '../../errors';
import type { GatewayContext } from '../context';

/**
 * Appends a CONNECTOR_UNAVAILABLE error (with `extensions.connector`) for every connector that has
 * nothing to serve, to each result that read the catalogue. Runs when execution is done, so the
 * other connectors' data still comes back.
 */
export function useConnectorErrors(): Plugin<GatewayContext> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result, setResult }) {
          const ctx = args.contextValue as GatewayContext;
          if (!ctx.state.usedCatalogue || Symbol.asyncIterator in result) return;
          const down = ctx.federation.unavailable();
          if (down.length === 0) return;
          const errors = down.map((c) =>
            gatewayError('CONNECTOR_UNAVAILABLE', `the ${c.id} catalogue is unavailable: ${c.lastError ?? 'not harvested yet'}`, {
              connector: c.id,
            }),
          );
          setResult({ ...result, errors: [...(result.errors ?? []), ...errors] });
        },
      };
    },
  };
}
