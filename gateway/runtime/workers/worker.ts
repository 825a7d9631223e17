import { loadConfig } from '../../config';
import { MAX_SHARDS } from '../../federation/search/scatter-gather';
import { createGateway } from '../../app';
import { createLogger } from '../../log';
import { fetchConnect } from '../../upstream/connect';
import { kvStores, type KVNamespace } from './kv';
import { readBundledSample } from './samples';
import { bundledGraphiql } from './graphiql';
import { cacheWithDeadline } from '../../stores/deadline';
import { DegradingCache } from '../../stores/degrading-cache';
import type { ChangeLog } from '../../changes/change-log';
import type { Config } from '../../config';
import { type ChangeLogNamespace, createDurableChangeLog } from './durable-change-log';
import { bundledTrustedDocuments } from './trusted-documents';
import { shardClients, type ShardNamespace } from './shard-clients';
// The trusted documents, bundled at build time (wrangler's alias; `{}` unless a deployment sets one).
import persistedDocuments from 'ovop-persisted-documents';

/** The Durable Object class of the change log: wrangler.toml's CHANGES binding names it. */
export { ChangeLogObject } from './change-log-object';
/** The Durable Object class of the catalogue's shards: wrangler.toml's CATALOGUE_SHARDS binding names it. */
export { CatalogueShardObject } from './catalogue-shard-object';

/** The Worker's bindings: KV namespaces, vars (wrangler.toml) and secrets (`wrangler secret put`). */
interface Env {
  CACHE?: KVNamespace;
  REGISTRY?: KVNamespace;
  CHANGES?: ChangeLogNamespace;
  CATALOGUE_SHARDS?: ShardNamespace;
  [name: string]: unknown;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

let gateway: Promise<ReturnType<typeof createGateway>> | undefined;

/**
 * The change log of the Workers build: the SQLite-backed Durable Object (one for the whole log,
 * named "changes") when the CHANGES binding exists, so every isolate appends to and reads one
 * ordered log; otherwise createGateway's default, a memory log per isolate.
 */
function changeLogFor(env: Env, config: Config): ChangeLog | undefined {
  if (!env.CHANGES) return undefined;
  return createDurableChangeLog({ namespace: env.CHANGES, retentionSeconds: config.CHANGES_RETENTION_SECONDS });
}

/**
 * The catalogue's shards when the CATALOGUE_SHARDS binding exists and CATALOGUE_SHARD_COUNT names
 * how many (1 to 64; fixed per deployment, since products hash to shards by it): the Worker then
 * holds no index. Otherwise undefined: the one index in this isolate, as before.
 */
function shardsFor(env: Env, log: ReturnType<typeof createLogger>) {
  const count = typeof env.CATALOGUE_SHARD_COUNT === 'string' ? Number(env.CATALOGUE_SHARD_COUNT) : undefined;
  if (!env.CATALOGUE_SHARDS || count === undefined) return undefined;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS)
    throw new Error(`CATALOGUE_SHARD_COUNT must be a whole number from 1 to ${MAX_SHARDS}, not ${env.CATALOGUE_SHARD_COUNT}`);
  log('info', 'the catalogue is held by shards', { shards: count });
  return shardClients(env.CATALOGUE_SHARDS, count);
}

/**
 * One gateway per isolate, built on the first event from the bindings. A build that fails (a bad
 * configuration, bundled documents that do not check) fails every event alike, with its message.
 */
function gatewayFor(env: Env): Promise<ReturnType<typeof createGateway>> {
  gateway ??= buildGateway(env);
  return gateway;
}

/** The gateway of these bindings, with the trusted documents bundled into the Worker. */
async function buildGateway(env: Env): Promise<ReturnType<typeof createGateway>> {
  const vars = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const config = loadConfig(vars);
  const log = createLogger(config.LOG_LEVEL, (line) => console.log(line));
  const kv = env.CACHE && env.REGISTRY ? kvStores(env.CACHE, env.REGISTRY) : undefined;
  const trustedDocuments = await bundledTrustedDocuments({ bundled: persistedDocuments, config, log });
  return createGateway({
    config,
    log,
    trustedDocuments,
    readSample: readBundledSample,
    graphiql: bundledGraphiql,
    // The same upstream pipeline as on Node. Workers have no DNS API: the guard checks host names
    // and literal addresses only, and the platform's fetch connects (no resolver, nothing to pin).
    connect: fetchConnect,
    // A KV call that stalls past STORE_TIMEOUT_MS counts as failed: the cache is served around from memory.
    stores: kv && {
      cache: new DegradingCache(cacheWithDeadline(kv.cache, config.STORE_TIMEOUT_MS), log),
      registry: kv.registry,
      changes: changeLogFor(env, config),
    },
    revalidate: 'scheduled',
    // Documents live in KV, a page of blocks fetched when a look-up needs it: the isolate holds none.
    documents: 'store',
    metricsScope: 'this Workers isolate only; each isolate counts its own requests',
    shards: shardsFor(env, log),
  });
}

/**
 * Workers entry: requests are answered from the index; snapshots are refreshed by the Cron
 * Trigger (`scheduled`), with waitUntil, never in a visitor's request, and each Cron pass steps
 * the webhook subscriptions that are due once.
 */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const { app, observability } = await gatewayFor(env);
    const response = app.fetch(request, env, ctx as never);
    // Spans are sent after the answer, within the request's lifetime (isolates may freeze between requests).
    if (observability.tracer.enabled) ctx.waitUntil(Promise.resolve(response).then(() => observability.tracer.flush()));
    return response;
  },
  scheduled(_controller: unknown, env: Env, ctx: ExecutionContext): void {
    ctx.waitUntil(
      gatewayFor(env).then(({ federation, rates, webhooks }) =>
        // Harvests record their changes as they end; the sweep (certificate notices, the trim) follows
        // them, then one webhook dispatch pass (this isolate's memory store: docs/deploy-workers.md).
        Promise.all([
          federation
            .refreshStale()
            .then(() => federation.sweepChanges())
            .then(() => webhooks.dispatcher.runOnce()),
          rates.refresh(),
        ]),
      ),
    );
  },
};
