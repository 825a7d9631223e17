import type { ProductChange } from '../../changes/event';
import { type ChangeFollower, tailOf, TooManyFollowersError } from '../../changes/tail';
import { gatewayError } from '../../errors';
import { requestCurrency } from '../../money/currency';
import type { GatewayContext } from '../context';
import { changeFilter, changeLogError } from './changes';
import type { ProductRef } from './refs';

/** A change as the subscription yields it: the stored change with the cursor right after it. */
export type ChangeNode = ProductChange & { cursor: string };

/**
 * Follows the change log for one subscriber: what follows `after` first, then live (the
 * instance's one tail), each change with the cursor that resumes after it. Bad input is
 * BAD_USER_INPUT; a cursor past the retention CURSOR_EXPIRED; past the tail's cap, UNAVAILABLE.
 */
async function follow(args: { after?: string | null; filter?: unknown }, ctx: GatewayContext): Promise<ChangeFollower> {
  const filter = changeFilter(args.filter as Record<string, unknown> | null | undefined) ?? {};
  try {
    const follower = await tailOf(ctx.changes).follow({ after: args.after ?? null, filter });
    // A subscriber that goes away lets its follower go: yoga returns the iterator when the stream
    // is cancelled, which workerd does not do for a client gone; it aborts the request's signal.
    ctx.request.signal?.addEventListener('abort', () => follower.close(), { once: true });
    return follower;
  } catch (error) {
    if (error instanceof TooManyFollowersError) throw gatewayError('UNAVAILABLE', error.message);
    throw changeLogError(error);
  }
}

/**
 * The subscriber's changes as an async iterator whose `return` lets the follower go at once: a
 * generator could not, its `return` waiting behind the `next` that waits for a change.
 */
function changes(follower: ChangeFollower): AsyncIterableIterator<{ productChanged: ChangeNode }> {
  const done = { done: true, value: undefined } as const;
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const entry = await follower.next();
      if (entry) return { done: false, value: { productChanged: Object.assign({}, entry.change, { cursor: entry.cursor }) } };
      const slow = follower.ended === 'slow-consumer';
      follower.close();
      if (slow) throw gatewayError('UNAVAILABLE', 'the subscriber fell too far behind; resubscribe with `after` set to the last cursor received');
      return done;
    },
    async return() {
      follower.close();
      return done;
    },
    async throw(error: unknown) {
      follower.close();
      throw error;
    },
  };
}

export const Subscription = {
  productChanged: {
    /** The subscription (docs/contract.md, "Keeping in sync"): over Server-Sent Events, replaying what follows `after`, then live. */
    subscribe: async (_: unknown, args: { after?: string | null; filter?: unknown }, ctx: GatewayContext) => changes(await follow(args, ctx)),
  },
};

/** ProductChange's fields beyond the stored change: the product as it stands now. */
export const ProductChangeFields = {
  /** Read from the index in force, not the request's loader: a subscription lives long, its products must not go stale. */
  async product(change: ChangeNode, args: { currency?: string | null; lang?: string | null }, ctx: GatewayContext): Promise<ProductRef | null> {
    if (change.type === 'REMOVED') return null;
    const index = ctx.federation.warmIndex() ?? (await ctx.federation.index());
    const [item] = await index.lookup([change.productId]);
    if (!item) return null;
    return { item, currency: args.currency ? requestCurrency(args.currency, ctx.rates()) : null, languages: ctx.languages(args.lang) };
  },
};
