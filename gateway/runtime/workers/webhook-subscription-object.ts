import { DurableObject, type DurableObjectState, type DurableObjectStorage } from 'cloudflare:workers';
import type { SecretBox } from '../../auth/secrets';
import { utf8Length } from '../../changes/digest';
import type { DeliveryAttempt, PendingDelivery, WebhookStore } from '../../webhooks/store';
import { WEBHOOK_ATTEMPTS_KEPT } from '../../webhooks/store';
import type { Subscription } from '../../webhooks/subscription';
import { decodeAttempt, decodePending, decodeSubscription, encodeAttempt, encodeSubscription } from '../../webhooks/subscription-codec';
import { gatewayFor, type WorkerEnv } from './gateway';
import type { WebhookSubscriptionStub } from './webhook-objects';

/** How long a caught-up subscription sleeps before it looks at the log unwoken: the directory's wake is the usual path. */
const IDLE_POLL_MS = 5 * 60_000;
/** When a step failed (the log or the gateway could not be reached), it is tried again after this. */
const ERROR_RETRY_MS = 30_000;
/** The longest pending body kept (the object's values are bounded, and so is its memory). */
const MAX_PENDING_BYTES = 1024 * 1024;

/** What the object keeps, each under its own key (the attempts newest first, at most WEBHOOK_ATTEMPTS_KEPT). */
const KEYS = { id: 'id', text: 'subscription', revision: 'revision', pending: 'pending', attempts: 'attempts', idle: 'idle', woken: 'woken' } as const;

/**
 * One webhook subscription's state and schedule, over a Durable Object's storage: the stored text
 * (secrets sealed by whoever encoded it), its revision for conditional writes, the pending delivery,
 * the newest attempts, and the object's alarm as its due time. Every read-check-write below awaits
 * storage only, so the object's input gate keeps it atomic against other calls.
 */
class SubscriptionCell {
  constructor(private readonly storage: DurableObjectStorage) {}

  async create(id: string, text: string, dueAt: number): Promise<void> {
    if ((await this.storage.get(KEYS.text)) !== undefined) throw new Error(`subscription ${id} exists`);
    await Promise.all([this.storage.put(KEYS.id, id), this.storage.put(KEYS.text, text), this.storage.put(KEYS.revision, 1)]);
    await this.storage.put(KEYS.idle, false);
    await this.storage.setAlarm(dueAt);
  }

  async get(): Promise<string | null> {
    return (await this.storage.get<string>(KEYS.text)) ?? null;
  }

  async save(text: string, expectedRevision: number): Promise<boolean> {
    const revision = await this.storage.get<number>(KEYS.revision);
    if (revision === undefined || revision !== expectedRevision) return false;
    await Promise.all([this.storage.put(KEYS.text, text), this.storage.put(KEYS.revision, expectedRevision + 1)]);
    return true;
  }

  async destroy(): Promise<boolean> {
    const had = (await this.storage.get(KEYS.text)) !== undefined;
    await this.storage.deleteAlarm();
    await this.storage.deleteAll();
    return had;
  }

  /**
   * A step that found nothing goes idle, unless a wake came while it ran (its log read may have
   * been before the new events): then it is due again at once, so no wake is lost to the race.
   */
  async schedule(at: number, idle: boolean): Promise<void> {
    if ((await this.storage.get(KEYS.text)) === undefined) return;
    const woken = idle && (await this.storage.get<boolean>(KEYS.woken)) === true;
    await this.storage.put(KEYS.woken, false);
    await this.storage.put(KEYS.idle, idle && !woken);
    await this.storage.setAlarm(woken ? Date.now() : at);
  }

  /** A step begins: wakes from here on are remembered until it schedules the next. */
  async stepping(): Promise<void> {
    await this.storage.put(KEYS.woken, false);
  }

  async unschedule(): Promise<void> {
    await this.storage.put(KEYS.idle, false);
    await this.storage.deleteAlarm();
  }

  /** An idle subscription is due at once; a retrying one keeps its schedule, a disabled one stays unscheduled. */
  async wake(now: number): Promise<void> {
    if ((await this.storage.get(KEYS.text)) === undefined) return;
    await this.storage.put(KEYS.woken, true);
    if ((await this.storage.get<boolean>(KEYS.idle)) !== true) return;
    await this.storage.put(KEYS.idle, false);
    await this.storage.setAlarm(now);
  }

  async getPending(): Promise<string | null> {
    return (await this.storage.get<string>(KEYS.pending)) ?? null;
  }

  async setPending(text: string): Promise<void> {
    if (utf8Length(text) > MAX_PENDING_BYTES) {
      throw new Error(`a pending webhook body is larger than ${MAX_PENDING_BYTES} bytes`);
    }
    if ((await this.storage.get(KEYS.text)) === undefined) return;
    await this.storage.put(KEYS.pending, text);
  }

  async clearPending(): Promise<void> {
    await this.storage.delete(KEYS.pending);
  }

  async recordAttempt(text: string): Promise<void> {
    if ((await this.storage.get(KEYS.text)) === undefined) return;
    const kept = (await this.storage.get<string[]>(KEYS.attempts)) ?? [];
    await this.storage.put(KEYS.attempts, [text, ...kept].slice(0, WEBHOOK_ATTEMPTS_KEPT));
  }

  async attempts(first: number): Promise<string[]> {
    return ((await this.storage.get<string[]>(KEYS.attempts)) ?? []).slice(0, Math.max(0, first));
  }
}

/**
 * The port as the deliverer sees it inside the object: its own subscription only, the alarm for
 * the due time. Listing, counting and claims belong to the directory and the alarms, not here.
 */
function cellStore(id: string, cell: SubscriptionCell, box: SecretBox): WebhookStore {
  const mine = (other: string) => {
    if (other !== id) throw new Error(`the object of ${id} was asked about ${other}`);
  };
  const elsewhere = () => Promise.reject(new Error("not a subscription object's to answer"));
  return {
    create: elsewhere,
    list: elsewhere,
    count: elsewhere,
    wake: elsewhere,
    claim: elsewhere,
    release: elsewhere,
    nextDue: elsewhere,
    delete: elsewhere,
    async get(other) {
      mine(other);
      const text = await cell.get();
      return text === null ? undefined : decodeSubscription(text, box);
    },
    async save(subscription: Subscription) {
      mine(subscription.id);
      const text = await encodeSubscription({ ...subscription, revision: subscription.revision + 1 }, box);
      if (!(await cell.save(text, subscription.revision))) return false;
      subscription.revision += 1;
      return true;
    },
    schedule: async (other, at, options) => (mine(other), cell.schedule(at, options?.idle ?? false)),
    unschedule: async (other) => (mine(other), cell.unschedule()),
    async getPending(other) {
      mine(other);
      const text = await cell.getPending();
      return text === null ? undefined : decodePending(text);
    },
    setPending: async (other, pending: PendingDelivery) => (mine(other), cell.setPending(JSON.stringify(pending))),
    clearPending: async (other) => (mine(other), cell.clearPending()),
    recordAttempt: async (other, attempt: DeliveryAttempt) => (mine(other), cell.recordAttempt(encodeAttempt(attempt))),
    attempts: async (other, first) => (mine(other), (await cell.attempts(first)).map(decodeAttempt)),
  };
}

/**
 * One webhook subscription (named by its id, `idFromName`) in a SQLite-backed Durable Object: it
 * holds the subscription (signing secrets sealed under SECRETS_KEY), its pending delivery and its
 * recent attempts, and its alarm keeps its schedule. Each alarm is one step of the same deliverer
 * as on Node (gateway/webhooks/deliverer.ts: read the next event from the CHANGES log, sign, send
 * through the outbound guard, record), which sets the next alarm: soon after a success, after the
 * retry schedule or Retry-After after a failure, none when disabled. An object runs one alarm at a
 * time, so one delivery per subscription is in flight at a time, with no lease. The Worker reaches
 * it through durable-webhook-store.ts.
 */
export class WebhookSubscriptionObject extends DurableObject<WorkerEnv> implements WebhookSubscriptionStub {
  private readonly cell: SubscriptionCell;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.cell = new SubscriptionCell(ctx.storage);
  }

  /** One delivery step; a step that throws (the log unreachable) is tried again after ERROR_RETRY_MS. */
  async alarm(): Promise<void> {
    const id = await this.ctx.storage.get<string>(KEYS.id);
    if (id === undefined) return;
    await this.cell.stepping();
    try {
      const { webhooks } = await gatewayFor(this.env);
      const deliver = webhooks.deliverWith(cellStore(id, this.cell, webhooks.secrets), { idlePollMs: IDLE_POLL_MS });
      await deliver(id);
    } catch (error) {
      console.log(JSON.stringify({ level: 'warn', msg: 'a webhook delivery step failed; it is tried again', id, error: String(error) }));
      if ((await this.ctx.storage.get(KEYS.text)) !== undefined) await this.ctx.storage.setAlarm(Date.now() + ERROR_RETRY_MS);
    }
  }

  create(id: string, text: string, dueAt: number) {
    return this.cell.create(id, text, dueAt);
  }
  get() {
    return this.cell.get();
  }
  save(text: string, expectedRevision: number) {
    return this.cell.save(text, expectedRevision);
  }
  destroy() {
    return this.cell.destroy();
  }
  schedule(at: number, idle: boolean) {
    return this.cell.schedule(at, idle);
  }
  unschedule() {
    return this.cell.unschedule();
  }
  wake(now: number) {
    return this.cell.wake(now);
  }
  getPending() {
    return this.cell.getPending();
  }
  setPending(text: string) {
    return this.cell.setPending(text);
  }
  clearPending() {
    return this.cell.clearPending();
  }
  recordAttempt(text: string) {
    return this.cell.recordAttempt(text);
  }
  attempts(first: number) {
    return this.cell.attempts(first);
  }
}
