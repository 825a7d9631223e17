import { describe, expect, it } from 'vitest';
import { createMemoryWebhookStore, WebhookStoreFullError } from './memory-store';
import { subscriptionOf, webhookStoreContract } from './store.contract';

describe('the memory webhook store: the contract', () => {
  webhookStoreContract(async () => {
    let store: ReturnType<typeof createMemoryWebhookStore> | undefined;
    return {
      // Every client of one memory store is the store itself.
      open: async ({ secrets }) => (store ??= createMemoryWebhookStore({ secrets })),
      dump: async () => store?.heldText() ?? '',
    };
  });
});

describe('the memory webhook store: bounds', () => {
  it('refuses a subscription or a pending body past its byte bound', async () => {
    const store = createMemoryWebhookStore({ maxBytes: 8_000 });
    const s = subscriptionOf('o');
    await store.create(s, 0);
    await expect(store.setPending(s.id, { eventId: 'e', cursor: 'c1.', body: 'x'.repeat(10_000), attempts: 0 })).rejects.toThrow(WebhookStoreFullError);
    let made = 0;
    await expect(
      (async () => {
        for (;;) await store.create(subscriptionOf('o'), 0).then(() => made++);
      })(),
    ).rejects.toThrow(WebhookStoreFullError);
    expect(made).toBeLessThan(20);
  });
});
