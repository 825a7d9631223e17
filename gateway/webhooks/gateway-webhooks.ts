import { SecretBox } from '../auth/secrets';
import type { ChangeLog } from '../changes/change-log';
import type { Federation } from '../federation/federation';
import { productDocument } from '../jsonld/product-document';
import type { Logger } from '../log';
import { requestCurrency } from '../money/currency';
import type { RateTable } from '../money/rates/table';
import type { Connect } from '../upstream/connect';
import type { HostResolver } from '../upstream/ssrf-guard';
import { createDeliverer, type ProductDocument } from './deliverer';
import { createDispatcher } from './dispatcher';
import { createMemoryWebhookStore } from './memory-store';
import { inLanguage } from './product-language';
import { WebhookMetrics } from './metrics';
import { createWebhookSender } from './send';
import type { WebhookStore } from './store';
import { createWebhookSubscriptions } from './subscriptions';

/** How much longer than one attempt's deadline a lease lasts: the step's reads and writes around it. */
const LEASE_MARGIN_MS = 15_000;
/** Subscriptions whose lag /metrics shows at most (one log read each per scrape). */
const MAX_LAG_SERIES = 1000;
/** Subscriptions stepped at once by one instance, and deliveries in flight through its sender: one each. */
const CONCURRENCY = 64;

export interface GatewayWebhooksOptions {
  /** WEBHOOK_RETRY_SCHEDULE, parsed. */
  schedule: readonly number[];
  /** WEBHOOK_TIMEOUT_MS. */
  timeoutMs: number;
  /** WEBHOOK_MAX_RATE: deliveries a second to one subscription at most. @default 100 */
  maxRate?: number;
  /** ALLOW_PRIVATE_UPSTREAMS: receivers on private addresses (and http URLs) are allowed. */
  allowPrivate: boolean;
  /** SECRETS_KEY: signing secrets are sealed under it in the store. */
  secretsKey?: string;
  /** Builds the shared store (Redis on Node) with the box that seals its secrets; the memory store when not given. */
  store?: (secrets: SecretBox) => WebhookStore;
  changes: ChangeLog;
  federation: Federation;
  rates: () => RateTable;
  /** The public origin the product documents are written with (as /changes writes them). */
  origin: () => string;
  /** The runtime's connect (Node: pinned to the checked address). */
  connect: Connect;
  /** The runtime's DNS, for the SSRF guard. */
  resolveHost?: HostResolver;
  log: Logger;
}

/**
 * The webhooks of one gateway, wired from the core (gateway/webhooks): the store, the sender
 * through the one upstream pipeline, the deliverer building each event's product as /changes does,
 * the dispatcher (the runtime starts and stops it) and the subscriptions' operations that GraphQL
 * and the /webhooks page call. `render` is the /metrics text (deliveries by outcome, lag by subscription).
 */
export function createGatewayWebhooks(options: GatewayWebhooksOptions) {
  const { changes, federation, rates, log } = options;
  const secrets = new SecretBox(options.secretsKey);
  const store = options.store ? options.store(secrets) : createMemoryWebhookStore({ secrets });
  const guard = { allowPrivate: options.allowPrivate, resolve: options.resolveHost };
  const send = createWebhookSender({ guard, connect: options.connect, timeoutMs: options.timeoutMs, concurrency: CONCURRENCY, log });
  const metrics = new WebhookMetrics();
  // The product as /changes writes it, in the subscription's currency, and its texts in the subscription's language.
  const product: ProductDocument = async (productId, { currency, lang }) => {
    const index = federation.warmIndex() ?? (await federation.index());
    const [item] = await index.lookup([productId]);
    return item ? productDocument(lang ? inLanguage(item, lang) : item, { origin: options.origin(), currency, rates: rates() }) : null;
  };
  /** A deliverer over `on` with this gateway's log, sender, documents, schedule, rate bound and metrics. */
  const deliverWith = (on: WebhookStore, extra: { idlePollMs?: number } = {}) =>
    createDeliverer({
      store: on,
      log: changes,
      send,
      product,
      schedule: options.schedule,
      ...(options.maxRate !== undefined && { ratePerSecond: options.maxRate }),
      onAttempt: (outcome) => metrics.attempt(outcome),
      ...extra,
    });
  const deliver = deliverWith(store);
  const dispatcher = createDispatcher({
    store,
    deliver,
    concurrency: CONCURRENCY,
    leaseMs: options.timeoutMs + LEASE_MARGIN_MS,
    onError: (error, id) => log('warn', 'a webhook delivery step failed; it is taken up again when its lease expires', { id, error: String(error) }),
  });
  const subscriptions = createWebhookSubscriptions({
    store,
    log: changes,
    guard,
    rules: { allowPrivate: options.allowPrivate, currency: (code) => requestCurrency(code, rates()) },
    onDue: () => dispatcher.notify(),
  });
  return {
    store,
    /** The box that seals signing secrets (SECRETS_KEY), for a store the runtime opens itself. */
    secrets,
    /**
     * The same step over another store: a Durable Object steps its own subscription from its
     * alarm, over its own storage (gateway/runtime/workers/webhook-subscription-object.ts).
     */
    deliverWith,
    subscriptions,
    dispatcher,
    metrics,
    /** The /metrics lines of the webhooks; a store or log that fails leaves the lags out. */
    async render(): Promise<string> {
      const lags = await store
        .list()
        .then((all) => Promise.all(all.slice(0, MAX_LAG_SERIES).map(async (s) => ({ id: s.id, lagSeconds: await subscriptions.lag(s) }))))
        .catch((error) => {
          log('warn', 'reading webhook lags for /metrics failed', { error: String(error) });
          return [];
        });
      return metrics.render(lags);
    },
  };
}

export type GatewayWebhooks = ReturnType<typeof createGatewayWebhooks>;
