import type { ChangeLog } from '../changes/change-log';
import type { ProductChange } from '../changes/event';
import { toCloudEvent } from '../changes/event';
import { nextRetryDelay } from './schedule';
import type { Send } from './send';
import { signDelivery } from './signing';
import type { PendingDelivery, WebhookStore } from './store';
import type { Subscription } from './subscription';

/** The product's JSON-LD document in a currency and language, or null when it is gone. */
export type ProductDocument = (productId: string, view: { currency: string | null; lang: string | null }) => Promise<Record<string, unknown> | null>;

/** How a step ended, for metrics (`webhook_deliveries_total{outcome}`) and tests. */
export type StepOutcome = 'delivered' | 'retrying' | 'disabled' | 'idle' | 'skipped';

export interface DelivererOptions {
  store: WebhookStore;
  log: ChangeLog;
  send: Send;
  product: ProductDocument;
  /** WEBHOOK_RETRY_SCHEDULE, parsed (schedule.ts). */
  schedule: readonly number[];
  /** Deliveries per second per subscription at most, so a day's backlog drains without flooding the receiver. @default 10 */
  ratePerSecond?: number;
  /** How long a caught-up subscription waits before it looks again without being woken. @default 30000 */
  idlePollMs?: number;
  /** Milliseconds since the epoch. @default Date.now */
  clock?: () => number;
  /** In [0, 1): the retry jitter. @default Math.random */
  random?: () => number;
  /** Told of every attempt's outcome and duration (metrics). */
  onAttempt?: (outcome: 'success' | 'failure' | 'gone', durationMs: number) => void;
}

/** Steps one subscription: at most one delivery attempt. */
export type Deliverer = (id: string) => Promise<StepOutcome>;

/**
 * One subscription's step, run by whoever holds its lease: resend the pending delivery if there is
 * one, or read the next matching event after the cursor and fix its body (the CloudEvent with the
 * product in the subscription's currency and language); sign; POST through `send`; record the
 * attempt. A 2xx advances the cursor and clears the pending delivery; a 410 disables the
 * subscription (cursor parked, pending kept); anything else schedules a retry, or disables when
 * the schedule is exhausted. Every write of the subscription is conditional on its revision, so
 * a replay or an update made meanwhile wins and this step's result is dropped.
 */
export function createDeliverer(options: DelivererOptions): Deliverer {
  const { store, log, send, product, schedule } = options;
  const { ratePerSecond = 10, idlePollMs = 30_000, clock = Date.now, random = Math.random } = options;
  const spacing = Math.ceil(1000 / ratePerSecond);

  const nextPending = async (subscription: Subscription): Promise<PendingDelivery | 'caught-up'> => {
    const page = await log.read({ after: subscription.cursor, limit: 1, filter: subscription.filter });
    const entry = page.entries[0];
    if (!entry) {
      // Nothing matches: the events read past do not concern this subscription, so its cursor moves over them.
      if (page.next !== subscription.cursor) {
        subscription.cursor = page.next;
        await store.save(subscription);
      }
      return 'caught-up';
    }
    return { eventId: entry.change.id, cursor: entry.cursor, body: await bodyOf(entry.change, subscription), attempts: 0 };
  };

  const bodyOf = async (change: ProductChange, subscription: Subscription) => {
    const document = change.type === 'REMOVED' ? null : await product(change.productId, { currency: subscription.currency, lang: subscription.lang });
    return JSON.stringify(toCloudEvent(change, document));
  };

  return async (id) => {
    const subscription = await store.get(id);
    if (!subscription || subscription.status === 'DISABLED') {
      await store.unschedule(id);
      return 'skipped';
    }
    let pending = await store.getPending(id);
    if (!pending) {
      const next = await nextPending(subscription);
      if (next === 'caught-up') {
        await store.schedule(id, clock() + idlePollMs, { idle: true });
        return 'idle';
      }
      pending = next;
      await store.setPending(id, pending);
    }

    const startedAt = clock();
    const headers = {
      'content-type': 'application/cloudevents+json',
      'user-agent': 'ovop-gateway-webhooks',
      ...signDelivery({ eventId: pending.eventId, body: pending.body, secrets: subscription.secrets, now: startedAt }),
    };
    const began = performance.now();
    const result = await send(subscription.url, { headers, body: pending.body });
    const durationMs = Math.round(performance.now() - began);
    const attempt = pending.attempts + 1;
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const error = result.status === null ? result.error : ok ? null : `the receiver answered HTTP ${result.status}`;
    await store.recordAttempt(id, { eventId: pending.eventId, attempt, at: startedAt, status: result.status, durationMs, error });
    const now = clock();

    if (ok) {
      options.onAttempt?.('success', durationMs);
      const fresh = { ...subscription, cursor: pending.cursor, status: 'ACTIVE' as const, failingSince: null, nextAttemptAt: null };
      if (await store.save(fresh)) await store.clearPending(id);
      await store.schedule(id, now + spacing);
      return 'delivered';
    }
    if (result.status === 410) {
      options.onAttempt?.('gone', durationMs);
      await store.setPending(id, { ...pending, attempts: attempt });
      await disable(subscription, now);
      return 'disabled';
    }
    options.onAttempt?.('failure', durationMs);
    const delay = nextRetryDelay({ schedule, failures: attempt, retryAfter: result.status === null ? null : result.retryAfter, now, random });
    await store.setPending(id, { ...pending, attempts: attempt });
    if (delay === null) {
      await disable(subscription, now);
      return 'disabled';
    }
    const retrying = { ...subscription, status: 'RETRYING' as const, failingSince: subscription.failingSince ?? startedAt, nextAttemptAt: now + delay };
    await store.save(retrying);
    await store.schedule(id, now + delay);
    return 'retrying';
  };

  async function disable(subscription: Subscription, now: number) {
    const disabled = { ...subscription, status: 'DISABLED' as const, failingSince: subscription.failingSince ?? now, nextAttemptAt: null };
    if (await store.save(disabled)) await store.unschedule(subscription.id);
  }
}
