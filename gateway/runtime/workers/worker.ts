import { gatewayFor, type WorkerEnv } from './gateway';

/** The Durable Object class of the change log: wrangler.toml's CHANGES binding names it. */
export { ChangeLogObject } from './change-log-object';
/** The Durable Object classes of the webhooks: WEBHOOKS (one per subscription) and WEBHOOK_DIRECTORY. */
export { WebhookSubscriptionObject } from './webhook-subscription-object';
export { WebhookDirectoryObject } from './webhook-directory-object';
/** The Durable Object class of the catalogue's shards: wrangler.toml's CATALOGUE_SHARDS binding names it. */
export { CatalogueShardObject } from './catalogue-shard-object';

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** Whether this isolate has asked the catalogue's shards to warm (once, on its first request). */
let warmed = false;

/** The shards' slices and indexes loaded in the background (a failure only means the next search loads them). */
const warmShards = (federation: { warmShards(): Promise<void> }) =>
  federation
    .warmShards()
    .catch((error: unknown) => console.log(JSON.stringify({ level: 'warn', message: 'warming the catalogue shards failed', error: String(error) })));

/**
 * Workers entry: requests are answered from the index; snapshots are refreshed by the Cron
 * Trigger (`scheduled`), with waitUntil, never in a visitor's request. Webhook subscriptions step
 * themselves from their Durable Objects' alarms when WEBHOOKS is bound; without it (a memory store
 * per isolate), each Cron pass steps the due ones once.
 */
export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const { app, observability, federation } = await gatewayFor(env);
    // An isolate's first request: the shards (when bound) start loading while it is answered, so
    // that the first search after a restart finds them loaded or under way rather than starts them.
    if (!warmed) {
      warmed = true;
      ctx.waitUntil(warmShards(federation));
    }
    const response = app.fetch(request, env, ctx as never);
    // Spans are sent after the answer, within the request's lifetime (isolates may freeze between requests).
    if (observability.tracer.enabled) ctx.waitUntil(Promise.resolve(response).then(() => observability.tracer.flush()));
    return response;
  },
  scheduled(_controller: unknown, env: WorkerEnv, ctx: ExecutionContext): void {
    ctx.waitUntil(
      gatewayFor(env).then(({ federation, rates, webhooks }) =>
        // Harvests record their changes as they end; the sweep (certificate notices, the trim) follows
        // them, then one webhook dispatch pass (a no-op over the Durable Objects, whose alarms deliver).
        Promise.all([
          federation
            .refreshStale()
            // The shards, evicted while idle, load again here rather than in a visitor's search.
            .then(() => warmShards(federation))
            .then(() => federation.sweepChanges())
            .then(() => webhooks.dispatcher.runOnce()),
          rates.refresh(),
        ]),
      ),
    );
  },
};
