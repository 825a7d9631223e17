import type { SecretBox } from '../../auth/secrets';
import { WebhookStoreFullError } from '../../webhooks/memory-store';
import type { DeliveryAttempt, PendingDelivery, WebhookStore } from '../../webhooks/store';
import type { Subscription } from '../../webhooks/subscription';
import { decodeAttempt, decodePending, decodeSubscription, encodeAttempt, encodeSubscription } from '../../webhooks/subscription-codec';
import type { ObjectNamespace, WebhookDirectoryStub, WebhookSubscriptionStub } from './webhook-objects';

/** Subscriptions the directory holds at most (all owners together). */
export const WEBHOOK_MAX_SUBSCRIPTIONS = 10_000;
/** Reads of subscription objects in flight at once while listing. */
const LIST_CONCURRENCY = 16;

export interface DurableWebhookStoreOptions {
  /** The WEBHOOKS binding: one WebhookSubscriptionObject per subscription id. */
  subscriptions: ObjectNamespace<WebhookSubscriptionStub>;
  /** The WEBHOOK_DIRECTORY binding: the one WebhookDirectoryObject ("directory"). */
  directory: ObjectNamespace<WebhookDirectoryStub>;
  /** Seals signing secrets (SECRETS_KEY) before they leave the Worker. */
  secrets: SecretBox;
  /** Subscriptions held at most, all owners together. @default 10000 (WEBHOOK_MAX_SUBSCRIPTIONS) */
  maxSubscriptions?: number;
}

/**
 * The webhook store on Cloudflare Workers: the WebhookStore port over JS RPC to one Durable Object
 * per subscription (its state, and its alarm as its due time) and a directory object (who owns
 * what, and the wake's fan-out). Secrets are sealed here, in the Worker, so the objects only ever
 * store them sealed. The due set and leases of the port are the objects' alarms: nothing is
 * claimed from outside, so `claim` finds nothing and `nextDue` knows nothing (the Worker runs no
 * dispatcher loop; each object steps itself, one alarm at a time).
 */
export function createDurableWebhookStore(options: DurableWebhookStoreOptions): WebhookStore {
  const { subscriptions, directory, secrets: box, maxSubscriptions = WEBHOOK_MAX_SUBSCRIPTIONS } = options;
  const object = (id: string) => subscriptions.get(subscriptions.idFromName(id));
  const index = () => directory.get(directory.idFromName('directory'));

  const get = async (id: string) => {
    const text = await object(id).get();
    return text === null ? undefined : decodeSubscription(text, box);
  };

  return {
    async create(subscription: Subscription, dueAt) {
      subscription.revision = 1;
      const text = await encodeSubscription(subscription, box);
      if (!(await index().add(subscription.id, subscription.owner, subscription.createdAt, maxSubscriptions))) {
        throw new WebhookStoreFullError(maxSubscriptions);
      }
      try {
        await object(subscription.id).create(subscription.id, text, dueAt);
      } catch (error) {
        await index().remove(subscription.id);
        throw error;
      }
    },
    get,
    async list(owner) {
      const ids = await index().list(owner ?? null, maxSubscriptions);
      const found: Subscription[] = [];
      for (let i = 0; i < ids.length; i += LIST_CONCURRENCY) {
        const batch = await Promise.all(ids.slice(i, i + LIST_CONCURRENCY).map(get));
        for (const s of batch) if (s) found.push(s);
      }
      return found.sort((a, b) => a.createdAt - b.createdAt);
    },
    count: (owner) => index().count(owner),
    async save(subscription: Subscription) {
      const text = await encodeSubscription({ ...subscription, revision: subscription.revision + 1 }, box);
      if (!(await object(subscription.id).save(text, subscription.revision))) return false;
      subscription.revision += 1;
      return true;
    },
    async delete(id) {
      const had = await object(id).destroy();
      await index().remove(id);
      return had;
    },
    schedule: (id, at, { idle = false } = {}) => object(id).schedule(at, idle),
    unschedule: (id) => object(id).unschedule(),
    wake: () => index().wake(),
    claim: async () => [],
    release: async () => {},
    nextDue: async () => null,
    async getPending(id) {
      const text = await object(id).getPending();
      return text === null ? undefined : decodePending(text);
    },
    setPending: (id, pending: PendingDelivery) => object(id).setPending(JSON.stringify(pending)),
    clearPending: (id) => object(id).clearPending(),
    recordAttempt: (id, attempt: DeliveryAttempt) => object(id).recordAttempt(encodeAttempt(attempt)),
    attempts: async (id, first) => (await object(id).attempts(first)).map(decodeAttempt),
  };
}
