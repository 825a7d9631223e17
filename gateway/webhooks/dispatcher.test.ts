import { describe, expect, it } from 'vitest';
import { createDispatcher } from './dispatcher';
import { createMemoryWebhookStore } from './memory-store';
import { subscriptionOf } from './store.contract';

/** Polls `check` until true, for at most 5 s. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('the dispatcher', () => {
  it('steps what is due, at most `concurrency` at once, and releases each lease', async () => {
    const store = createMemoryWebhookStore();
    for (let i = 0; i < 5; i++) await store.create(subscriptionOf('o'), 0);
    const stepped: string[] = [];
    let inFlight = 0;
    let most = 0;
    const deliver = async (id: string) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      stepped.push(id);
      await store.schedule(id, Date.now() + 60_000, { idle: true });
      return 'idle' as const;
    };
    const dispatcher = createDispatcher({ store, deliver, concurrency: 2 });
    expect(await dispatcher.runOnce()).toBe(2);
    expect(most).toBe(2);
    expect(await dispatcher.runOnce()).toBe(2);
    expect(await dispatcher.runOnce()).toBe(1);
    expect(await dispatcher.runOnce()).toBe(0);
    expect(new Set(stepped).size).toBe(5);
  });

  it('wakes idle subscriptions on notify, without waiting for the poll', async () => {
    const store = createMemoryWebhookStore();
    const s = subscriptionOf('o');
    await store.create(s, 0);
    const stepped: string[] = [];
    const deliver = async (id: string) => {
      stepped.push(id);
      await store.schedule(id, Date.now() + 3600_000, { idle: true });
      return 'idle' as const;
    };
    const dispatcher = createDispatcher({ store, deliver, pollMs: 3600_000 });
    dispatcher.start();
    try {
      await until(() => stepped.length === 1);
      dispatcher.notify();
      await until(() => stepped.length === 2);
    } finally {
      await dispatcher.stop();
    }
  });

  it('keeps the lease of a step that threw, so no one steps it again before it expires', async () => {
    const store = createMemoryWebhookStore();
    const s = subscriptionOf('o');
    await store.create(s, 0);
    const errors: unknown[] = [];
    const failing = createDispatcher({
      store,
      deliver: async () => Promise.reject(new Error('store away')),
      holder: 'A',
      leaseMs: 60_000,
      onError: (e) => errors.push(e),
    });
    expect(await failing.runOnce()).toBe(1);
    expect(errors).toHaveLength(1);
    const other = createDispatcher({ store, deliver: async () => 'idle' as const, holder: 'B' });
    expect(await other.runOnce()).toBe(0);
  });
});
