import type { Subscription } from './subscription';

/** One attempt to deliver one event, as operators see it (WebhookDelivery). */
export interface DeliveryAttempt {
  eventId: string;
  /** 1 for the first attempt of this event, 2 for its first retry... */
  attempt: number;
  /** Milliseconds since the epoch. */
  at: number;
  /** The receiver's HTTP status; null when none came (refused, timed out, unreachable). */
  status: number | null;
  durationMs: number;
  /** What went wrong, in public words (no address); null on success. */
  error: string | null;
}

/**
 * The event a subscription is delivering, fixed at its first attempt: retries resend the same
 * bytes under the same webhook-id.
 */
export interface PendingDelivery {
  eventId: string;
  /** The change-log cursor right after the event: where the subscription stands once it is delivered. */
  cursor: string;
  /** The CloudEvents JSON body, exactly as first sent. */
  body: string;
  /** Attempts made so far. */
  attempts: number;
}

/** What a claim gives the dispatcher: the subscriptions it may step now, each under its lease. */
export interface ClaimOptions {
  now: number;
  /** At most this many. */
  limit: number;
  /** Who holds the leases (one id per dispatcher). */
  holder: string;
  /** How long a lease lasts: longer than a step takes (WEBHOOK_TIMEOUT_MS and a margin). */
  leaseMs: number;
}

/**
 * The webhook store's port: subscriptions by owner, the due set (which subscription to step next,
 * when), leases (one holder steps a subscription at a time, across instances), the pending
 * delivery of each and its recent attempts. Signing secrets are sealed under SECRETS_KEY by the
 * implementation before they are stored.
 *
 * Scheduling: every ACTIVE or RETRYING subscription is in the due set with the time it is next
 * stepped. `claim` takes the due ones whose lease it gets; the step reschedules and `release`s.
 * A holder that dies leaves its lease to expire: the next claim after that takes the subscription
 * again, so nothing is lost. Subscriptions that were caught up are "idle": `wake` makes them due
 * at once (the change feed wrote events).
 */
export interface WebhookStore {
  /** Stores a new subscription (revision 1) and makes it due at `dueAt`. Throws when the store is full. */
  create(subscription: Subscription, dueAt: number): Promise<void>;
  get(id: string): Promise<Subscription | undefined>;
  /** The subscriptions of `owner`, or every one when `owner` is undefined (the operator). Oldest first. */
  list(owner?: string): Promise<Subscription[]>;
  /** How many subscriptions `owner` has. */
  count(owner: string): Promise<number>;
  /**
   * Writes `subscription` (its revision + 1) only when the stored revision still is
   * `subscription.revision`; false otherwise (another writer came first: re-read). On success the
   * revision is bumped in `subscription` too.
   */
  save(subscription: Subscription): Promise<boolean>;
  /** Removes a subscription with its schedule, lease, pending delivery and attempts. False when there was none. */
  delete(id: string): Promise<boolean>;

  /** Makes a subscription due at `at`; `idle` marks it caught up (`wake` brings it forward). */
  schedule(id: string, at: number, options?: { idle?: boolean }): Promise<void>;
  /** Takes it out of the due set (DISABLED). */
  unschedule(id: string): Promise<void>;
  /** Makes every idle subscription due at `now`. */
  wake(now: number): Promise<void>;
  /** Due subscriptions whose lease this holder got, at most `limit`. */
  claim(options: ClaimOptions): Promise<string[]>;
  /** Gives a lease back (only the holder's own). */
  release(id: string, holder: string): Promise<void>;
  /** The earliest time anything is due, or null when nothing is scheduled. */
  nextDue(): Promise<number | null>;

  getPending(id: string): Promise<PendingDelivery | undefined>;
  setPending(id: string, pending: PendingDelivery): Promise<void>;
  clearPending(id: string): Promise<void>;

  /** Records an attempt; only the newest `WEBHOOK_ATTEMPTS_KEPT` are kept. */
  recordAttempt(id: string, attempt: DeliveryAttempt): Promise<void>;
  /** The newest `first` attempts, newest first. */
  attempts(id: string, first: number): Promise<DeliveryAttempt[]>;
}

/** Attempts kept per subscription. */
export const WEBHOOK_ATTEMPTS_KEPT = 100;
/** Longest error text kept with an attempt. */
export const MAX_ERROR_LENGTH = 300;
