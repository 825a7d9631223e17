import { gatewayError } from '../../errors';
import { bearerToken, secretsEqual } from '../../auth/tokens';
import type { GatewayContext } from '../context';

/** True when the request carries the operator token; false while no token is configured. */
export async function isOperator(ctx: GatewayContext): Promise<boolean> {
  const token = bearerToken(ctx.request);
  return Boolean(ctx.adminToken && token && (await secretsEqual(token, ctx.adminToken)));
}

export const Mutation = {
  async refreshConnector(_: unknown, args: { id: string }, ctx: GatewayContext) {
    if (!(await isOperator(ctx))) throw gatewayError('UNAUTHENTICATED', 'refreshing a connector needs the operator token');
    const view = await ctx.federation.refresh(args.id);
    if (!view) throw gatewayError('NOT_FOUND', `no connector ${args.id}`);
    return view;
  },
};
