import type { ChangeLog } from '../changes/change-log';
import { BoundedMap } from '../collections/bounded-map';
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
  /**
   * WEBHOOK_MAX_RATE: deliveries a second to one subscription at most, so a day's backlog drains
   * without flooding the receiver. A step sends at most a second's worth back to back (and at most
   * `batch`), then the subscription is next due when its average is back under the bound.
   * @default 100
   */
  ratePerSecond?: number;
  /** Events one step reads ahead from the cursor (one log read) and delivers one after another. @default 32 */
  batch?: number;
  /**
   * A step starts no new delivery after this long, so that its lease (one attempt's deadline plus
   * a margin) always outlasts it. @default 1000
   */
  stepBudgetMs?: number;
  /**
   * Bytes of delivery bodies kept, by event, currency and language: the subscriptions that receive
   * one event in one view share its body instead of each building the product's document. A body is
   * kept the second time it is asked for, so one subscription draining a backlog (a replay) fills
   * nothing it would never read again. @default 8 MiB
   */
  bodyMemoBytes?: number;
  /** How long a kept body is reused: a later first attempt builds the product anew. @default 30000 */
  bodyMemoMs?: number;
  /** How long a caught-up subscription waits before it looks again without being woken. @default 30000 */
  idlePollMs?: number;
  /** Milliseconds since the epoch. @default Date.now */
  clock?: () => number;
  /** In [0, 1): the retry jitter. @default Math.random */
  random?: () => number;
  /** Told of every attempt's outcome and duration (metrics). */
  onAttempt?: (outcome: 'success' | 'failure' | 'gone', durationMs: number) => void;
}

/** Steps one subscription: a run of delivery attempts, one at a time, ending at the first that fails. */
export type Deliverer = (id: string) => Promise<StepOutcome>;

/**
 * One subscription's step, run by whoever holds its lease: resend the pending delivery if there is
 * one, then read the next matching events after the cursor (a bounded batch, one log read) and
 * deliver them one after another, each fixing its body first (the CloudEvent with the product in
 * the subscription's currency and language); sign; POST through `send`; record the attempt. A 2xx
 * advances the cursor and clears the pending delivery, and the step goes on with the next event
 * while its rate allowance and time budget last; a 410 disables the subscription (cursor parked,
 * pending kept); anything else schedules a retry, or disables when the schedule is exhausted.
 * Every write of the subscription is conditional on its revision, so a replay or an update made
 * meanwhile wins: this step's result is dropped and the step ends.
 *
 * Only one delivery of a subscription is ever in flight (the lease, and one attempt at a time
 * here), so a receiver sees events in the log's order.
 */
export function createDeliverer(options: DelivererOptions): Deliverer {
  const { store, log, send, product, schedule } = options;
  const { ratePerSecond = 100, batch = 32, stepBudgetMs = 1000, idlePollMs = 30_000, clock = Date.now, random = Math.random } = options;
  const { bodyMemoBytes = 8 * 1024 * 1024, bodyMemoMs = 30_000 } = options;
  /** Milliseconds between deliveries on average. */
  const spacing = 1000 / ratePerSecond;
  /** Deliveries one step may make back to back: a second's worth at most. */
  const burst = Math.max(1, Math.min(batch, Math.floor(ratePerSecond)));
  const bodies = new BoundedMap<string, { body: string; at: number }>({ maxBytes: bodyMemoBytes, sizeOf: (v, k) => 2 * (v.body.length + k.length) + 64 });
  /** The keys asked for once: a body is kept when its key is asked for again (a sixteenth of the memo's bytes). */
  const askedOnce = new BoundedMap<string, number>({ maxBytes: bodyMemoBytes / 16, sizeOf: (_, k) => 2 * k.length + 32 });

  const bodyOf = async (change: ProductChange, subscription: Subscription) => {
    const key = `${change.id}\n${subscription.currency ?? ''}\n${subscription.lang ?? ''}`;
    const now = clock();
    const kept = bodies.get(key);
    if (kept && now - kept.at < bodyMemoMs) return kept.body;
    const document = change.type === 'REMOVED' ? null : await product(change.productId, { currency: subscription.currency, lang: subscription.lang });
    const body = JSON.stringify(toCloudEvent(change, document));
    const asked = askedOnce.get(key);
    if (asked !== undefined && now - asked < bodyMemoMs) {
      askedOnce.delete(key);
      bodies.set(key, { body, at: now });
    } else askedOnce.set(key, now);
    return body;
  };

  type Attempted = { outcome: 'delivered'; subscription: Subscription } | { outcome: 'dropped' | 'retrying' | 'disabled' };

  /** One attempt of `pending` (its body already fixed); `fresh`: its first, whose pending record is written beside the request. */
  const attempt = async (subscription: Subscription, pending: PendingDelivery, fresh: boolean): Promise<Attempted> => {
    const { id } = subscription;
    const startedAt = clock();
    const headers = {
      'content-type': 'application/cloudevents+json',
      'user-agent': 'ovop-gateway-webhooks',
      ...signDelivery({ eventId: pending.eventId, body: pending.body, secrets: subscription.secrets, now: startedAt }),
    };
    const began = performance.now();
    // The body is fixed before the answer can be acted on: a retry, by any instance, resends these bytes.
    const [result] = await Promise.all([send(subscription.url, { headers, body: pending.body }), fresh ? store.setPending(id, pending) : undefined]);
    const durationMs = Math.round(performance.now() - began);
    const number = pending.attempts + 1;
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const error = result.status === null ? result.error : ok ? null : `the receiver answered HTTP ${result.status}`;
    const record = { eventId: pending.eventId, attempt: number, at: startedAt, status: result.status, durationMs, error };
    const now = clock();

    if (ok) {
      options.onAttempt?.('success', durationMs);
      const fresh = { ...subscription, cursor: pending.cursor, status: 'ACTIVE' as const, failingSince: null, nextAttemptAt: null };
      // Two writes at once (one round trip on a shared store): the cursor and the attempt. The pending record is
      // replaced by the next event's, and cleared when the step ends (a holder dying before that resends this event).
      const [saved] = await Promise.all([store.save(fresh), store.recordAttempt(id, record)]);
      return saved ? { outcome: 'delivered', subscription: fresh } : { outcome: 'dropped' };
    }
    await store.recordAttempt(id, record);
    if (result.status === 410) {
      options.onAttempt?.('gone', durationMs);
      await store.setPending(id, { ...pending, attempts: number });
      await disable(subscription, now);
      return { outcome: 'disabled' };
    }
    options.onAttempt?.('failure', durationMs);
    const delay = nextRetryDelay({ schedule, failures: number, retryAfter: result.status === null ? null : result.retryAfter, now, random });
    await store.setPending(id, { ...pending, attempts: number });
    if (delay === null) {
      await disable(subscription, now);
      return { outcome: 'disabled' };
    }
    const retrying = { ...subscription, status: 'RETRYING' as const, failingSince: subscription.failingSince ?? startedAt, nextAttemptAt: now + delay };
    await store.save(retrying);
    await store.schedule(id, now + delay);
    return { outcome: 'retrying' };
  };

  return async (id) => {
    const [stored, parked] = await Promise.all([store.get(id), store.getPending(id)]);
    if (!stored || stored.status === 'DISABLED') {
      await store.unschedule(id);
      return 'skipped';
    }
    let subscription = stored;
    const started = clock();
    let delivered = 0;
    /** Next due once the average rate is back under the bound. */
    const paced = async () => {
      await Promise.all([store.clearPending(id), store.schedule(id, Math.max(clock(), Math.ceil(started + delivered * spacing)))]);
      return 'delivered' as const;
    };

    /** A replay or an update came first: the next step starts from what it wrote. */
    const dropped = async () => {
      await Promise.all([store.clearPending(id), store.schedule(id, clock())]);
      return 'delivered' as const;
    };

    if (parked) {
      const done = await attempt(subscription, parked, false);
      if (done.outcome === 'dropped') return dropped();
      if (done.outcome !== 'delivered') return done.outcome;
      subscription = done.subscription;
      delivered++;
    }
    if (delivered >= burst) return paced();

    const page = await log.read({ after: subscription.cursor, limit: burst - delivered, filter: subscription.filter });
    if (page.entries.length === 0) {
      if (delivered > 0) return paced();
      // Nothing matches: the events read past do not concern this subscription, so its cursor moves over them.
      if (page.next !== subscription.cursor) await store.save({ ...subscription, cursor: page.next });
      await store.schedule(id, clock() + idlePollMs, { idle: true });
      // Events written between the read above and this schedule were announced (`wake`) while the subscription was not
      // idle yet, and would wait for the idle poll: one more look finds them, and makes it due at once.
      const again = await log.read({ after: page.next, limit: 1, filter: subscription.filter });
      if (again.entries.length > 0) await store.schedule(id, clock());
      return 'idle';
    }
    for (const entry of page.entries) {
      if (delivered > 0 && clock() - started >= stepBudgetMs) break;
      const pending = { eventId: entry.change.id, cursor: entry.cursor, body: await bodyOf(entry.change, subscription), attempts: 0 };
      const done = await attempt(subscription, pending, true);
      if (done.outcome === 'dropped') return dropped();
      if (done.outcome !== 'delivered') return done.outcome;
      subscription = done.subscription;
      delivered++;
    }
    return paced();
  };

  async function disable(subscription: Subscription, now: number) {
    const disabled = { ...subscription, status: 'DISABLED' as const, failingSince: subscription.failingSince ?? now, nextAttemptAt: null };
    if (await store.save(disabled)) await store.unschedule(subscription.id);
  }
}
