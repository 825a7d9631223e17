import type { ChangeLog } from '../changes/change-log';
import { badInput, gatewayError } from '../errors';
import { checkUrl, type GuardOptions } from '../upstream/ssrf-guard';
import { cursorAtTime } from './replay-from';
import { newSigningSecret } from './signing';
import type { DeliveryAttempt, WebhookStore } from './store';
import {
  checkSubscriptionInput,
  type InputRules,
  isSubscriptionId,
  newSubscriptionId,
  OPERATOR_OWNER,
  type Subscription,
  type SubscriptionInput,
  type SubscriptionOwner,
} from './subscription';

/** A subscription with the secret that signs for it: answered once, at creation and rotation. */
export interface SecretIssued {
  subscription: Subscription;
  secret: string;
}

export interface WebhookSubscriptionsOptions {
  store: WebhookStore;
  log: ChangeLog;
  /** The SSRF guard of connector upstreams: a URL it refuses is refused here, at once. */
  guard: GuardOptions;
  /** Currency check, and whether http URLs pass (ALLOW_PRIVATE_UPSTREAMS). */
  rules?: InputRules;
  /** How long the previous secret still signs after a rotation. @default 86400000 (24 h) */
  rotationGraceMs?: number;
  /** Subscriptions one client key may hold. @default 50 */
  maxPerOwner?: number;
  /** Milliseconds since the epoch. @default Date.now */
  clock?: () => number;
  /** Told when a subscription became due now (created, replayed, resumed): the dispatcher's `notify`. */
  onDue?: () => void;
}

const ROTATION_GRACE_MS = 24 * 3600_000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * The operations behind the GraphQL surface of docs/contract.md ("Webhooks: pushed changes"), with
 * the ownership rule: a client key (its hash) sees and changes only its own subscriptions, the
 * operator all of them; another's is FORBIDDEN, an unknown id NOT_FOUND. Every change is a
 * conditional write on the subscription's revision, retried a few times, so it never undoes a
 * delivery step's write silently (nor a step its).
 */
export function createWebhookSubscriptions(options: WebhookSubscriptionsOptions) {
  const { store, log, guard, rules = {}, rotationGraceMs = ROTATION_GRACE_MS, maxPerOwner = 50, clock = Date.now } = options;
  const rulesWithGuard = { ...rules, allowPrivate: rules.allowPrivate ?? guard.allowPrivate };

  const checked = async (input: SubscriptionInput) => {
    const value = checkSubscriptionInput(input, rulesWithGuard);
    const verdict = await checkUrl(value.url, guard);
    if (!verdict.ok) throw badInput(`refused webhook URL: ${verdict.reason}`, { argument: 'input.url' });
    return value;
  };

  const owned = async (owner: SubscriptionOwner, id: string): Promise<Subscription> => {
    const subscription = isSubscriptionId(id) ? await store.get(id) : undefined;
    if (!subscription) throw gatewayError('NOT_FOUND', `no webhook subscription ${id}`);
    if (owner !== OPERATOR_OWNER && subscription.owner !== owner) throw gatewayError('FORBIDDEN', 'this webhook subscription belongs to another client');
    return subscription;
  };

  /** Applies `change` to the stored subscription until the write holds (a delivery step may write between). */
  const change = async (owner: SubscriptionOwner, id: string, apply: (s: Subscription) => Subscription | Promise<Subscription>) => {
    for (let tries = 0; tries < 8; tries++) {
      const next = await apply(await owned(owner, id));
      if (await store.save(next)) return next;
    }
    throw gatewayError('INTERNAL_SERVER_ERROR', 'the webhook subscription kept changing; try again');
  };

  return {
    /** The owner's subscriptions (all of them for the operator). */
    list: (owner: SubscriptionOwner) => store.list(owner === OPERATOR_OWNER ? undefined : owner),

    /** One subscription, when the owner may see it. */
    get: owned,

    /** A new subscription at the log's head (it receives what is written after now) and its secret, shown once. */
    async create(owner: SubscriptionOwner, input: SubscriptionInput): Promise<SecretIssued> {
      const value = await checked(input);
      if (owner !== OPERATOR_OWNER && (await store.count(owner)) >= maxPerOwner) {
        throw badInput(`a client key holds at most ${maxPerOwner} webhook subscriptions`, { argument: 'input' });
      }
      const secret = newSigningSecret();
      const now = clock();
      const subscription: Subscription = {
        id: newSubscriptionId(),
        owner,
        ...value,
        status: 'ACTIVE',
        cursor: await log.head(),
        failingSince: null,
        nextAttemptAt: null,
        createdAt: now,
        revision: 1,
        secrets: { current: secret, previous: null, previousExpiresAt: null },
      };
      await store.create(subscription, now);
      await store.schedule(subscription.id, now, { idle: true });
      return { subscription, secret };
    },

    /** Changes the URL, filter, currency or language; the cursor and status stay. */
    async update(owner: SubscriptionOwner, id: string, input: SubscriptionInput): Promise<Subscription> {
      const value = await checked(input);
      return change(owner, id, (s) => ({ ...s, ...value }));
    },

    /** Removes a subscription and everything kept for it. */
    async delete(owner: SubscriptionOwner, id: string): Promise<boolean> {
      await owned(owner, id);
      return store.delete(id);
    },

    /** A new secret; the old one still signs beside it for 24 h (two signatures a delivery). */
    async rotate(owner: SubscriptionOwner, id: string): Promise<SecretIssued> {
      const secret = newSigningSecret();
      const subscription = await change(owner, id, (s) => ({
        ...s,
        secrets: { current: secret, previous: s.secrets.current, previousExpiresAt: clock() + rotationGraceMs },
      }));
      return { subscription, secret };
    },

    /**
     * Delivers again from `from`, a change-log cursor or an RFC 3339 time (the first event at or
     * after it): the events keep their ids, so a receiver that kept them sees repeats it can drop.
     * The pending delivery is dropped; a DISABLED subscription becomes ACTIVE.
     */
    async replay(owner: SubscriptionOwner, id: string, from: string): Promise<Subscription> {
      const current = await owned(owner, id);
      let cursor: string;
      if (RFC3339.test(from)) {
        const at = Date.parse(from);
        if (Number.isNaN(at)) throw badInput('from is not an RFC 3339 time', { argument: 'from' });
        cursor = await cursorAtTime(log, at, current.filter);
      } else {
        // Checked by reading from it: a cursor the log never issued, or one past its retention, throws here.
        await log.read({ after: from, limit: 1 });
        cursor = from;
      }
      const replayed = await change(owner, id, (s) => ({ ...s, cursor, status: 'ACTIVE', failingSince: null, nextAttemptAt: null }));
      await store.clearPending(id);
      await store.schedule(id, clock());
      options.onDue?.();
      return replayed;
    },

    /** DISABLED → ACTIVE from where it stopped: the parked event first, with its body, then what follows. */
    async resume(owner: SubscriptionOwner, id: string): Promise<Subscription> {
      const current = await owned(owner, id);
      if (current.status !== 'DISABLED') return current;
      const resumed = await change(owner, id, (s) => ({ ...s, status: 'ACTIVE', failingSince: null, nextAttemptAt: null }));
      const pending = await store.getPending(id);
      if (pending) await store.setPending(id, { ...pending, attempts: 0 });
      await store.schedule(id, clock());
      options.onDue?.();
      return resumed;
    },

    /** The newest `first` attempts (1 to 100), newest first. */
    async deliveries(owner: SubscriptionOwner, id: string, first = 20): Promise<DeliveryAttempt[]> {
      await owned(owner, id);
      return store.attempts(id, Math.min(100, Math.max(0, Math.trunc(first))));
    },

    /** Seconds since the oldest event the subscription has yet to deliver was written; 0 when caught up. */
    async lag(subscription: Subscription): Promise<number> {
      const page = await log.read({ after: subscription.cursor, limit: 1, filter: subscription.filter });
      const oldest = page.entries[0];
      return oldest ? Math.max(0, Math.floor((clock() - Date.parse(oldest.change.occurredAt)) / 1000)) : 0;
    },
  };
}

export type WebhookSubscriptions = ReturnType<typeof createWebhookSubscriptions>;
