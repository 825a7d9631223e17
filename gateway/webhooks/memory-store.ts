import { SecretBox } from '../auth/secrets';
import type { ClaimOptions, DeliveryAttempt, PendingDelivery, WebhookStore } from './store';
import { WEBHOOK_ATTEMPTS_KEPT } from './store';
import type { Subscription } from './subscription';
import { decodeAttempt, decodePending, decodeSubscription, encodeAttempt, encodeSubscription } from './subscription-codec';

export interface MemoryWebhookStoreOptions {
  /** Seals signing secrets (SECRETS_KEY); without a key they are kept as they come. @default new SecretBox() */
  secrets?: SecretBox;
  /** The bytes of everything held (subscriptions, pending bodies, attempts); past it, `create` and `setPending` throw. @default 67108864 (64 MiB) */
  maxBytes?: number;
  /** Milliseconds since the epoch, for leases. @default Date.now */
  clock?: () => number;
}

interface Held {
  text: string;
  pending: string | null;
  attempts: string[];
}

/** The store is full: a new subscription or a pending body would pass its byte bound. */
export class WebhookStoreFullError extends Error {
  override readonly name = 'WebhookStoreFullError';
  constructor(maxBytes: number) {
    super(`the webhook store would exceed ${maxBytes} bytes`);
  }
}

const bytesOf = (text: string | null) => (text === null ? 0 : text.length * 2);

/**
 * The webhook store in memory, the embedded default: everything kept as the text a shared store
 * would hold (secrets sealed alike), bounded in bytes. Leases matter little in one process but
 * follow the same rules, so the dispatcher behaves the same on every store.
 */
export function createMemoryWebhookStore(options: MemoryWebhookStoreOptions = {}): WebhookStore & { heldText(): string } {
  const { secrets: box = new SecretBox(), maxBytes = 64 * 1024 * 1024, clock = Date.now } = options;
  const held = new Map<string, Held>();
  const due = new Map<string, number>();
  const idle = new Set<string>();
  const leases = new Map<string, { holder: string; until: number }>();
  let bytes = 0;

  const sizeOf = (h: Held) => bytesOf(h.text) + bytesOf(h.pending) + h.attempts.reduce((n, a) => n + bytesOf(a), 0);
  const replace = (id: string, next: Held | undefined) => {
    const before = held.get(id);
    const delta = (next ? sizeOf(next) : 0) - (before ? sizeOf(before) : 0);
    if (delta > 0 && bytes + delta > maxBytes) throw new WebhookStoreFullError(maxBytes);
    bytes += delta;
    if (next) held.set(id, next);
    else held.delete(id);
  };
  const decodeAll = (texts: string[]) => Promise.all(texts.map((t) => decodeSubscription(t, box)));

  return {
    /** Everything held, as the text it is kept in (what a memory dump would show): for tests of secrets at rest. */
    heldText: () => [...held.values()].map((h) => [h.text, h.pending ?? '', ...h.attempts].join('\n')).join('\n'),
    async create(subscription, dueAt) {
      if (held.has(subscription.id)) throw new Error(`subscription ${subscription.id} exists`);
      subscription.revision = 1;
      replace(subscription.id, { text: await encodeSubscription(subscription, box), pending: null, attempts: [] });
      due.set(subscription.id, dueAt);
    },
    async get(id) {
      const h = held.get(id);
      return h ? decodeSubscription(h.text, box) : undefined;
    },
    async list(owner) {
      const all = await decodeAll([...held.values()].map((h) => h.text));
      return all.filter((s) => owner === undefined || s.owner === owner).sort((a, b) => a.createdAt - b.createdAt);
    },
    async count(owner) {
      return (await this.list(owner)).length;
    },
    async save(subscription: Subscription) {
      const h = held.get(subscription.id);
      if (!h) return false;
      const stored = await decodeSubscription(h.text, box);
      if (stored.revision !== subscription.revision) return false;
      const next = { ...subscription, revision: subscription.revision + 1 };
      const text = await encodeSubscription(next, box);
      // Re-checked after the awaits above: another save may have come first.
      const now = held.get(subscription.id);
      if (!now || (await decodeSubscription(now.text, box)).revision !== subscription.revision) return false;
      replace(subscription.id, { ...now, text });
      subscription.revision = next.revision;
      return true;
    },
    async delete(id) {
      const had = held.has(id);
      replace(id, undefined);
      due.delete(id);
      idle.delete(id);
      leases.delete(id);
      return had;
    },
    async schedule(id, at, { idle: isIdle = false } = {}) {
      if (!held.has(id)) return;
      due.set(id, at);
      if (isIdle) idle.add(id);
      else idle.delete(id);
    },
    async unschedule(id) {
      due.delete(id);
      idle.delete(id);
    },
    async wake(now) {
      for (const id of idle) if (due.has(id)) due.set(id, Math.min(due.get(id)!, now));
      idle.clear();
    },
    async claim({ now, limit, holder, leaseMs }: ClaimOptions) {
      const ready = [...due].filter(([, at]) => at <= now).sort((a, b) => a[1] - b[1]);
      const claimed: string[] = [];
      const t = clock();
      for (const [id] of ready) {
        if (claimed.length >= limit) break;
        const lease = leases.get(id);
        if (lease && lease.until > t) continue;
        leases.set(id, { holder, until: t + leaseMs });
        claimed.push(id);
      }
      return claimed;
    },
    async release(id, holder) {
      if (leases.get(id)?.holder === holder) leases.delete(id);
    },
    async nextDue() {
      let next: number | null = null;
      for (const at of due.values()) if (next === null || at < next) next = at;
      return next;
    },
    async getPending(id) {
      const text = held.get(id)?.pending;
      return text ? decodePending(text) : undefined;
    },
    async setPending(id, pending: PendingDelivery) {
      const h = held.get(id);
      if (h) replace(id, { ...h, pending: JSON.stringify(pending) });
    },
    async clearPending(id) {
      const h = held.get(id);
      if (h) replace(id, { ...h, pending: null });
    },
    async recordAttempt(id, attempt: DeliveryAttempt) {
      const h = held.get(id);
      if (h) replace(id, { ...h, attempts: [encodeAttempt(attempt), ...h.attempts].slice(0, WEBHOOK_ATTEMPTS_KEPT) });
    },
    async attempts(id, first) {
      return (held.get(id)?.attempts ?? []).slice(0, Math.max(0, first)).map(decodeAttempt);
    },
  };
}
