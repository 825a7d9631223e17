import { waitUntil } from 'cloudflare:workers';
import { createGateway } from '../../app';
import type { ChangeLog } from '../../changes/change-log';
import type { Config } from '../../config';
import { loadConfig } from '../../config';
import { createLogger, type Logger } from '../../log';
import { cacheWithDeadline } from '../../stores/deadline';
import { DegradingCache } from '../../stores/degrading-cache';
import { fetchConnect } from '../../upstream/connect';
import { MAX_SHARDS } from '../../federation/search/scatter-gather';
import { type ChangeLogNamespace, createDurableChangeLog } from './durable-change-log';
import { createDurableWebhookStore } from './durable-webhook-store';
import { bundledGraphiql } from './graphiql';
import { type KVNamespace, kvStores } from './kv';
import { readBundledSample } from './samples';
import { durableCheckpoints } from './durable-checkpoints';
import { type ShardNamespace, shardClients } from './shard-clients';
import { bundledTrustedDocuments } from './trusted-documents';
import type { ObjectNamespace, WebhookDirectoryStub, WebhookSubscriptionStub } from './webhook-objects';
// The trusted documents, bundled at build time (wrangler's alias; `{}` unless a deployment sets one).
import persistedDocuments from 'ovop-persisted-documents';

/** The Worker's bindings: KV namespaces, Durable Objects, vars (wrangler.toml) and secrets (`wrangler secret put`). */
export interface WorkerEnv {
  CACHE?: KVNamespace;
  REGISTRY?: KVNamespace;
  CHANGES?: ChangeLogNamespace;
  WEBHOOKS?: ObjectNamespace<WebhookSubscriptionStub>;
  WEBHOOK_DIRECTORY?: ObjectNamespace<WebhookDirectoryStub>;
  CATALOGUE_SHARDS?: ShardNamespace;
  [name: string]: unknown;
}

let gateway: Promise<ReturnType<typeof createGateway>> | undefined;

/**
 * One gateway per isolate, built on the first event from the bindings (a request, the Cron, or a
 * webhook subscription's alarm). A build that fails (a bad configuration, bundled documents that
 * do not check) fails every event alike, with its message.
 */
export function gatewayFor(env: WorkerEnv): Promise<ReturnType<typeof createGateway>> {
  gateway ??= buildGateway(env);
  return gateway;
}

/**
 * The change log of the Workers build: the SQLite-backed Durable Object (one for the whole log,
 * named "changes") when the CHANGES binding exists, so every isolate appends to and reads one
 * ordered log; otherwise createGateway's default, a memory log per isolate. With the webhook
 * directory bound, an append that wrote events wakes the idle subscriptions (the directory's alarm
 * tells each), awaited within the append so the harvest's request or Cron keeps it alive.
 */
function changeLogFor(env: WorkerEnv, config: Config, log: Logger): ChangeLog | undefined {
  if (!env.CHANGES) return undefined;
  const changes = createDurableChangeLog({ namespace: env.CHANGES, retentionSeconds: config.CHANGES_RETENTION_SECONDS });
  const directory = env.WEBHOOK_DIRECTORY;
  if (!directory) return changes;
  return {
    ...changes,
    async append(batch) {
      const result = await changes.append(batch);
      if (result.written.length > 0) {
        await directory
          .get(directory.idFromName('directory'))
          .wake()
          .catch((error: unknown) => log('warn', 'waking the webhook subscriptions failed; they look again within minutes', { error: String(error) }));
      }
      return result;
    },
  };
}

/**
 * The catalogue's shards when the CATALOGUE_SHARDS binding exists and CATALOGUE_SHARD_COUNT names
 * how many (1 to 64; fixed per deployment, since products hash to shards by it): the Worker then
 * holds no index, and its harvests keep their checkpoints in the shards. Otherwise undefined: the
 * one index in this isolate, as before.
 */
function shardsFor(env: WorkerEnv, log: Logger) {
  const count = typeof env.CATALOGUE_SHARD_COUNT === 'string' ? Number(env.CATALOGUE_SHARD_COUNT) : undefined;
  if (!env.CATALOGUE_SHARDS || count === undefined) return undefined;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS)
    throw new Error(`CATALOGUE_SHARD_COUNT must be a whole number from 1 to ${MAX_SHARDS}, not ${env.CATALOGUE_SHARD_COUNT}`);
  log('info', 'the catalogue is held by shards', { shards: count });
  return { clients: shardClients(env.CATALOGUE_SHARDS, count), checkpoints: durableCheckpoints(env.CATALOGUE_SHARDS, count) };
}

/** The gateway of these bindings, with the trusted documents bundled into the Worker. */
async function buildGateway(env: WorkerEnv): Promise<ReturnType<typeof createGateway>> {
  const vars = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const config = loadConfig(vars);
  const log = createLogger(config.LOG_LEVEL, (line) => console.log(line));
  const kv = env.CACHE && env.REGISTRY ? kvStores(env.CACHE, env.REGISTRY) : undefined;
  const trustedDocuments = await bundledTrustedDocuments({ bundled: persistedDocuments, config, log });
  const { WEBHOOKS: subscriptions, WEBHOOK_DIRECTORY: directory } = env;
  const shards = shardsFor(env, log);
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
      changes: changeLogFor(env, config, log),
      // One Durable Object per subscription, stepped by its own alarm (docs/decisions/0021-webhooks-on-workers.md).
      webhooks: subscriptions && directory && ((secrets) => createDurableWebhookStore({ subscriptions, directory, secrets })),
    },
    revalidate: 'scheduled',
    // Documents live in KV, a page of blocks fetched when a look-up needs it: the isolate holds none.
    documents: 'store',
    metricsScope: 'this Workers isolate only; each isolate counts its own requests',
    // A request's timers and I/O end with it: each change stream reads the Durable Object itself,
    // once a second while it waits, rather than from a tail another request polls.
    changeTail: { perFollower: true, pollMs: 1000 },
    // For the same reason, /changes builds no page ahead for the next request to take.
    changesReadAhead: false,
    // The first harvests' recordings outlive the request that started them (the runtime drops
    // what a finished request left running: the built-in catalogues' first changes were lost).
    background: (work) => waitUntil(work),
    shards: shards?.clients,
    // A sharded harvest checkpoints each page in its connector's shard: an invocation that ends mid-harvest is resumed by the next.
    checkpoints: shards?.checkpoints,
  });
}
