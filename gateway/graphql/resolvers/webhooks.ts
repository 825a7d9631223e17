import { bearerToken } from '../../auth/tokens';
import { gatewayError } from '../../errors';
import { webhookOwner } from '../../webhooks/owner';
import type { SecretIssued, WebhookSubscriptions } from '../../webhooks/subscriptions';
import type { Subscription, SubscriptionInput, SubscriptionOwner } from '../../webhooks/subscription';
import { deliveryView, type SubscriptionView, subscriptionView } from '../../webhooks/view';
import type { GatewayContext } from '../context';

/** A WebhookSubscription as resolved: the public view, with the subscription and who asked (for lag and deliveries). */
type WebhookParent = SubscriptionView & { readonly held: Subscription; readonly owner: SubscriptionOwner };

const parentOf = (held: Subscription, owner: SubscriptionOwner): WebhookParent => ({ ...subscriptionView(held), held, owner });
const issued = ({ subscription, secret }: SecretIssued, owner: SubscriptionOwner) => ({ subscription: parentOf(subscription, owner), secret });

/** The webhook operations and the caller's owner: a client key's hash or the operator (UNAUTHENTICATED otherwise). */
async function caller(ctx: GatewayContext): Promise<{ hooks: WebhookSubscriptions; owner: SubscriptionOwner }> {
  const hooks = ctx.webhooks;
  if (!hooks) throw gatewayError('UNAVAILABLE', 'webhooks are not configured on this gateway');
  return { hooks, owner: await webhookOwner(bearerToken(ctx.request), ctx) };
}

type Id = { id: string };
type WithInput = { input: SubscriptionInput };

/** Query.webhookSubscriptions (docs/contract.md, "Webhooks: pushed changes"): the caller's own, all for the operator. */
export const webhookQueries = {
  webhookSubscriptions: async (_: unknown, _args: unknown, ctx: GatewayContext) => {
    const { hooks, owner } = await caller(ctx);
    return (await hooks.list(owner)).map((s) => parentOf(s, owner));
  },
};

/** The webhook mutations: each checks the caller owns the subscription (FORBIDDEN otherwise). */
export const webhookMutations = {
  createWebhookSubscription: async (_: unknown, { input }: WithInput, ctx: GatewayContext) => {
    const { hooks, owner } = await caller(ctx);
    return issued(await hooks.create(owner, input), owner);
  },
  updateWebhookSubscription: async (_: unknown, { id, input }: Id & WithInput, ctx: GatewayContext) => {
    const { hooks, owner } = await caller(ctx);
    return parentOf(await hooks.update(owner, id, input), owner);
  },
  deleteWebhookSubscription: async (_: unknown, { id }: Id, ctx: GatewayContext) => {
    const { hooks, owner } = await caller(ctx);
    return hooks.delete(owner, id);
  },
  rotateWebhookSecret: async (_: unknown, { id }: Id, ctx: GatewayContext) => {
    const { hooks, owner } = await caller(ctx);
    return issued(await hooks.rotate(owner, id), owner);
  },
  replayWebhookSubscription: async (_: unknown, { id, from }: Id & { from: string }, ctx: GatewayContext) => {
    const { hooks, owner } = await caller(ctx);
    return parentOf(await hooks.replay(owner, id, from), owner);
  },
  resumeWebhookSubscription: async (_: unknown, { id }: Id, ctx: GatewayContext) => {
    const { hooks, owner } = await caller(ctx);
    return parentOf(await hooks.resume(owner, id), owner);
  },
};

/** WebhookSubscription's computed fields: its lag and its newest delivery attempts. */
export const WebhookSubscriptionFields = {
  lag: (parent: WebhookParent, _args: unknown, ctx: GatewayContext) => ctx.webhooks?.lag(parent.held) ?? 0,
  deliveries: async (parent: WebhookParent, { first }: { first?: number | null }, ctx: GatewayContext) =>
    ((await ctx.webhooks?.deliveries(parent.owner, parent.id, first ?? 20)) ?? []).map(deliveryView),
};
