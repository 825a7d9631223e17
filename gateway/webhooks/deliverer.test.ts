import { describe, expect, it } from 'vitest';
import { appendChange } from '../../test/helpers/changes';
import type { ChangeLog } from '../changes/change-log';
import { createMemoryChangeLog } from '../changes/memory-change-log';
import { createDeliverer } from './deliverer';
import { createMemoryWebhookStore } from './memory-store';
import type { Send } from './send';
import type { WebhookStore } from './store';
import { subscriptionOf } from './store.contract';

/** Appends the CREATED event of product `i` to the log, as a harvest would. */
const append = (log: ChangeLog, i: number, at: number) => appendChange(log, { productId: `jp-ovop:P-${i}`, occurredAt: new Date(at).toISOString() });

async function setup(send: Send, ratePerSecond = 4, events = 2, wrap: (log: ChangeLog) => ChangeLog = (log) => log) {
  const log = createMemoryChangeLog();
  const store = createMemoryWebhookStore();
  const time = { now: 1_000_000 };
  const deliver = createDeliverer({
    store,
    log: wrap(log),
    send,
    product: async () => null,
    schedule: [5_000],
    ratePerSecond,
    clock: () => time.now,
    random: () => 0.5,
  });
  const subscription = subscriptionOf('o', { cursor: await log.head(), filter: null });
  await store.create(subscription, 0);
  for (let i = 1; i <= events; i++) await append(log, i, time.now);
  return { log, store, time, deliver, subscription };
}

describe('the deliverer', () => {
  it("sends a second's worth back to back at most, then keeps the subscription's average under its rate bound", async () => {
    const sent: string[] = [];
    const { store, time, deliver, subscription } = await setup(async (_, { headers }) => {
      sent.push(headers['webhook-id']!);
      return { status: 204, retryAfter: null };
    }, 1);
    expect(await deliver(subscription.id)).toBe('delivered');
    expect(sent).toHaveLength(1);
    expect(await store.claim({ now: time.now + 999, limit: 1, holder: 'x', leaseMs: 1 })).toEqual([]);
    expect(await store.claim({ now: time.now + 1000, limit: 1, holder: 'x', leaseMs: 1 })).toEqual([subscription.id]);
  });

  it('delivers a run of events in one step, in order, and is next due when the average allows', async () => {
    const sent: string[] = [];
    const { log, store, time, deliver, subscription } = await setup(async (_, { headers }) => {
      sent.push(headers['webhook-id']!);
      return { status: 204, retryAfter: null };
    }, 4);
    expect(await deliver(subscription.id)).toBe('delivered');
    const page = await log.read({ after: subscription.cursor, limit: 10 });
    expect(sent).toEqual(page.entries.map((e) => e.change.id));
    expect((await store.get(subscription.id))!.cursor).toBe(page.next);
    expect(await store.claim({ now: time.now + 499, limit: 1, holder: 'x', leaseMs: 1 })).toEqual([]);
    expect(await store.claim({ now: time.now + 500, limit: 1, holder: 'x', leaseMs: 1 })).toEqual([subscription.id]);
  });

  it('drops its cursor advance when the subscription was replayed while the delivery was in flight', async () => {
    let replay: (() => Promise<void>) | undefined;
    const { store, deliver, subscription } = await setup(async () => {
      await replay?.();
      return { status: 200, retryAfter: null };
    });
    replay = async () => {
      const s = (await store.get(subscription.id))!;
      await store.save({ ...s, cursor: 'c1.replayed' });
    };
    expect(await deliver(subscription.id)).toBe('delivered');
    expect((await store.get(subscription.id))!.cursor).toBe('c1.replayed');
  });

  it('records an attempt that got no answer with its public error, and retries it', async () => {
    const { store, deliver, subscription } = await setup(async () => ({ status: null, error: 'timed out after 15 s' }));
    expect(await deliver(subscription.id)).toBe('retrying');
    expect(await store.attempts(subscription.id, 5)).toMatchObject([{ attempt: 1, status: null, error: 'timed out after 15 s' }]);
    expect(await store.getPending(subscription.id)).toMatchObject({ attempts: 1 });
  });

  it('is due at once, not idle, when events came (and their wake) between its last read and its idle schedule', async () => {
    let store: WebhookStore | undefined;
    let written = false;
    const ok: Send = async () => ({ status: 204, retryAfter: null });
    const racing = (log: ChangeLog): ChangeLog => ({
      ...log,
      read: async (options) => {
        const page = await log.read(options);
        if (page.entries.length === 0 && !written) {
          // A harvest on another instance writes now, and wakes the idle subscriptions (this one is not idle yet).
          written = true;
          await append(log, 9, 0);
          await store!.wake(0);
        }
        return page;
      },
    });
    const setUp = await setup(ok, 4, 0, racing);
    store = setUp.store;
    expect(await setUp.deliver(setUp.subscription.id)).toBe('idle');
    expect(await setUp.store.claim({ now: setUp.time.now, limit: 1, holder: 'x', leaseMs: 1 })).toEqual([setUp.subscription.id]);
  });
});

describe("the deliverer's shared bodies", () => {
  it("builds an event's body once per subscription until a second one asks, then shares it with the rest", async () => {
    const log = createMemoryChangeLog();
    const store = createMemoryWebhookStore();
    const built: string[] = [];
    const deliver = createDeliverer({
      store,
      log,
      send: async () => ({ status: 204, retryAfter: null }),
      product: async (productId) => (built.push(productId), null),
      schedule: [5_000],
      clock: () => 1_000_000,
      random: () => 0.5,
    });
    const subscriptions = [];
    for (let i = 0; i < 4; i++) {
      const subscription = subscriptionOf(`o${i}`, { cursor: await log.head(), filter: null });
      await store.create(subscription, 0);
      subscriptions.push(subscription);
    }
    await append(log, 1, 1_000_000);
    for (const subscription of subscriptions) await deliver(subscription.id);
    // The first asks (nothing kept: it may be the only one), the second keeps it, the third and fourth share it.
    expect(built).toEqual(['jp-ovop:P-1', 'jp-ovop:P-1']);
  });
});
