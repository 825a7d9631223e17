import { gatewayError } from '../../errors';
import { authenticate, requireEconomy, type Caller } from '../../auth/caller';
import type { GatewayContext } from '../context';

const caller = (ctx: GatewayContext): Promise<Caller> => authenticate(ctx.request, ctx.adminToken, ctx.keys);

/** The economy that owns a connector: built-in ones are the operator's alone. */
async function ownerOf(ctx: GatewayContext, id: string): Promise<{ economy: string; builtin: boolean }> {
  const builtin = ctx.federation.connectors().find((c) => c.id === id && c.builtin);
  if (builtin) return { economy: builtin.economy, builtin: true };
  const economy = await ctx.registrations.economyOf(id);
  if (!economy) throw gatewayError('NOT_FOUND', `no connector ${id}`);
  return { economy, builtin: false };
}

export const Mutation = {
  async createEconomyKey(_: unknown, args: { economy: string }, ctx: GatewayContext) {
    if (!ctx.adminToken) throw gatewayError('UNAUTHENTICATED', 'economy keys cannot be created: GATEWAY_ADMIN_TOKEN is not set');
    const who = await caller(ctx);
    if (who.kind !== 'operator') throw gatewayError('FORBIDDEN', 'only the operator creates economy keys');
    return ctx.keys.create(args.economy);
  },

  async createClientKey(_: unknown, args: { name: string; requestsPerSecond: number }, ctx: GatewayContext) {
    if (!ctx.adminToken) throw gatewayError('UNAUTHENTICATED', 'client keys cannot be created: GATEWAY_ADMIN_TOKEN is not set');
    const who = await caller(ctx);
    if (who.kind !== 'operator') throw gatewayError('FORBIDDEN', 'only the operator creates client keys');
    return ctx.clientKeys.create(args.name, args.requestsPerSecond);
  },

  async validateManifest(_: unknown, args: { manifest: unknown }, ctx: GatewayContext) {
    const who = await caller(ctx);
    const manifest = ctx.registrations.parse(args.manifest);
    requireEconomy(who, manifest.economy, 'validate a manifest');
    return ctx.registrations.validate(manifest);
  },

  async registerConnector(_: unknown, args: { manifest: unknown }, ctx: GatewayContext) {
    const who = await caller(ctx);
    const manifest = ctx.registrations.parse(args.manifest);
    requireEconomy(who, manifest.economy, 'register a connector');
    if (ctx.federation.connectors().some((c) => c.id === manifest.id && c.builtin)) {
      throw gatewayError('FORBIDDEN', `${manifest.id} is a built-in connector`);
    }
    const report = await ctx.registrations.register(manifest);
    return { connector: ctx.federation.connectors().find((c) => c.id === manifest.id), report };
  },

  async removeConnector(_: unknown, args: { id: string }, ctx: GatewayContext) {
    const who = await caller(ctx);
    const owner = await ownerOf(ctx, args.id);
    requireEconomy(who, owner.economy, 'remove a connector');
    if (owner.builtin) throw gatewayError('FORBIDDEN', `${args.id} is a built-in connector and cannot be removed`);
    return ctx.registrations.remove(args.id);
  },

  async refreshConnector(_: unknown, args: { id: string }, ctx: GatewayContext) {
    const who = await caller(ctx);
    const owner = await ownerOf(ctx, args.id);
    if (owner.builtin && who.kind !== 'operator') throw gatewayError('FORBIDDEN', 'built-in connectors are refreshed by the operator');
    requireEconomy(who, owner.economy, 'refresh a connector');
    return ctx.federation.refresh(args.id);
  },
};
