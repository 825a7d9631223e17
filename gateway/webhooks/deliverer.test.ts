import { describe, expect, it } from 'vitest';
import { eventId } from '../changes/event-id';
import { createMemoryChangeLog } from '../changes/memory-change-log';
import { createDeliverer } from './deliverer';
import { createMemoryWebhookStore } from './memory-store';
import type { Send } from './send';
import { subscriptionOf } from './store.contract';

async function setup(send: Send) {
  const log = createMemoryChangeLog();
  const store = createMemoryWebhookStore();
  const time = { now: 1_000_000 };
  const deliver = createDeliverer({
    store,
    log,
    send,
    product: async () => null,
    schedule: [5_000],
    ratePerSecond: 4,
    clock: () => time.now,
    random: () => 0.5,
  });
  const subscription = subscriptionOf('o', { cursor: await log.head(), filter: null });
  await store.create(subscription, 0);
  for (let i = 1; i <= 2; i++) {
    const productId = `jp-ovop:P-${i}`;
    const event = {
      id: await eventId({ productId, type: 'CREATED', version: 1, before: '', after: 'h' }),
      type: 'CREATED' as const,
      occurredAt: new Date(time.now).toISOString(),
      productId,
      economy: 'JP',
      connector: 'jp-ovop',
      version: 1,
      aspects: ['CONTENT' as const],
      changes: [],
      compliance: null,
      category: null,
      certifications: [],
    };
    await log.append({
      connector: 'jp-ovop',
      economy: 'JP',
      commits: [{ productId, baseVersion: 0, events: [event], row: { productId, version: 1, hash: 'h', fields: {} } }],
    });
  }
  return { log, store, time, deliver, subscription };
}

describe('the deliverer', () => {
  it('spaces deliveries to one subscription by its rate bound', async () => {
    const { store, time, deliver, subscription } = await setup(async () => ({ status: 204, retryAfter: null }));
    expect(await deliver(subscription.id)).toBe('delivered');
    expect(await store.claim({ now: time.now + 249, limit: 1, holder: 'x', leaseMs: 1 })).toEqual([]);
    expect(await store.claim({ now: time.now + 250, limit: 1, holder: 'x', leaseMs: 1 })).toEqual([subscription.id]);
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
});
