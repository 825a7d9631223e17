import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RatePolicy, RateLimiter } from '../../limits/rate-limiter';
import type { CacheStore, RegistryStore } from '../../stores/ports';
import { createRedisChangeLog, type RedisChangeLogOptions } from './redis-change-log';
import { createRedisWebhookStore } from './redis-webhook-store';
import type { SecretBox } from '../../auth/secrets';
import type { WebhookStore } from '../../webhooks/store';

/** Where Redis is: one server (REDIS_URL), a Sentinel-monitored master, or a Cluster. */
export interface RedisTopology {
  /** `redis://` or `rediss://` URL of one server; with Sentinel or Cluster, only its credentials, TLS and db are used. */
  url?: string;
  /** Sentinels, `host:port,host:port` (REDIS_SENTINELS), watching the master named `sentinelName`. */
  sentinels?: string;
  sentinelName?: string;
  /** Cluster seed nodes, `host:port,host:port` (REDIS_CLUSTER_NODES). */
  clusterNodes?: string;
}

export interface RedisStoreOptions extends RedisTopology {
  prefix: string;
  /** Deadline of every command: past it the command fails and the caller degrades (STORE_TIMEOUT_MS). */
  commandTimeoutMs: number;
  onError?: (error: Error) => void;
}

/** True when any Redis topology is configured. */
export function redisConfigured(t: RedisTopology): boolean {
  return Boolean(t.url || t.sentinels || t.clusterNodes);
}

const hostPorts = (list: string) =>
  list.split(',').map((entry) => {
    const at = entry.lastIndexOf(':');
    return { host: entry.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(entry.slice(at + 1)) };
  });

/** Credentials, TLS and database from a REDIS_URL, for Sentinel and Cluster connections. */
function urlOptions(url: string | undefined): RedisOptions {
  if (!url) return {};
  const parsed = new URL(url);
  const db = Number(parsed.pathname.slice(1) || 0);
  return {
    ...(parsed.username && { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password && { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === 'rediss:' && { tls: {} }),
    ...(db && { db }),
  };
}

/** One client for the configured topology, failing fast while Redis is away or stalled. */
function createClient(options: RedisStoreOptions): Redis | Cluster {
  const common = {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: options.commandTimeoutMs,
  } satisfies RedisOptions;
  if (options.clusterNodes) {
    return new Cluster(hostPorts(options.clusterNodes), {
      lazyConnect: true,
      enableOfflineQueue: false,
      clusterRetryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      redisOptions: { ...urlOptions(options.url), ...common },
    });
  }
  const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2000);
  if (options.sentinels) {
    return new Redis({
      ...urlOptions(options.url),
      ...common,
      enableOfflineQueue: false,
      sentinels: hostPorts(options.sentinels),
      name: options.sentinelName ?? 'mymaster',
      sentinelRetryStrategy: retryStrategy,
      retryStrategy,
    });
  }
  return new Redis(options.url!, { ...common, enableOfflineQueue: false, retryStrategy });
}

/**
 * Redis adapters of the cache and registry ports (the only place ioredis is imported), on one
 * server, Sentinel or Cluster. Connects before answering; afterwards commands fail fast while
 * Redis is away, and within `commandTimeoutMs` while it stalls, so callers degrade instead of
 * queueing. Every command and script touches one key, so all of them run on a cluster.
 */
export async function connectRedisStores(target: string | RedisStoreOptions, prefixArgument = 'ovop:v1:', onErrorArgument?: (error: Error) => void) {
  const options: RedisStoreOptions =
    typeof target === 'string' ? { url: target, prefix: prefixArgument, commandTimeoutMs: 2000, onError: onErrorArgument } : target;
  const { prefix, onError = () => {} } = options;
  const redis = createClient(options);
  redis.on('error', () => {
    // Connection errors surface as failed commands, which the callers handle; nothing to do here.
  });
  // The change log has a client of its own: a harvest's append is one script over every changed
  // product, longer than the stores' deadline allows, and must not hold the cache's commands up.
  const changesClient = createClient({ ...options, commandTimeoutMs: Math.max(options.commandTimeoutMs, CHANGE_LOG_TIMEOUT_MS) });
  changesClient.on('error', () => {});
  await Promise.all([redis.connect().catch(onError), changesClient.connect().catch(() => {})]);

  const cache: CacheStore = {
    shared: true,
    async get(key) {
      const value = await redis.getBuffer(prefix + key);
      return value ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : undefined;
    },
    async set(key, value, ttlSeconds) {
      await redis.set(prefix + key, Buffer.from(value.buffer, value.byteOffset, value.byteLength), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
    async lease(key, ttlMs) {
      return (await redis.set(prefix + key, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
    },
  };

  const registry: RegistryStore = {
    async list(kind) {
      return new Map(Object.entries(await redis.hgetall(`${prefix}registry:${kind}`)));
    },
    async get(kind, id) {
      return (await redis.hget(`${prefix}registry:${kind}`, id)) ?? undefined;
    },
    async put(kind, id, value) {
      await redis.hset(`${prefix}registry:${kind}`, id, value);
    },
    async delete(kind, id) {
      return (await redis.hdel(`${prefix}registry:${kind}`, id)) > 0;
    },
  };

  return {
    cache,
    registry,
    rateLimiter: (policy: RatePolicy) => redisRateLimiter(redis, prefix, policy),
    /** The change log on Redis Streams, under the same prefix (see redis-change-log.ts). */
    changeLog: (log: Omit<RedisChangeLogOptions, 'redis' | 'prefix'> = {}) => createRedisChangeLog({ redis: changesClient, prefix, ...log }),
    /** The webhook store (subscriptions, due set, leases), under the same prefix, its secrets sealed by `secrets` (see redis-webhook-store.ts). */
    webhookStore: (secrets: SecretBox): WebhookStore => createRedisWebhookStore({ redis, prefix, secrets }),
    close: () =>
      Promise.all(
        [redis, changesClient].map((client) =>
          client.quit().then(
            () => undefined,
            () => client.disconnect(),
          ),
        ),
      ).then(() => undefined),
  };
}

/** Deadline of a change log command (a harvest's append is one script over all its changed products). */
const CHANGE_LOG_TIMEOUT_MS = 30_000;

/**
 * A token bucket per client, atomic in Redis (one Lua script, Redis's own clock), so every instance
 * draws on the same bucket.
 */
function redisRateLimiter(redis: Redis | Cluster, prefix: string, { perSecond, burst }: RatePolicy): RateLimiter {
  const script = `
    local now = redis.call('TIME')
    local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
    local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
    local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
    local tokens = tonumber(state[1]) or burst
    local at = tonumber(state[2]) or ms
    tokens = math.min(burst, tokens + (ms - at) * rate / 1000)
    local allowed, wait = 0, 0
    if tokens >= 1 then tokens = tokens - 1; allowed = 1 else wait = math.ceil((1 - tokens) / rate) end
    redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', ms)
    redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
    return { allowed, wait }`;
  return {
    async take(client, policy = { perSecond, burst }) {
      // One hash-tagged key per client: a cluster keeps each bucket whole on one slot.
      const key = `${prefix}{rl:${client}}`;
      const [allowed, wait] = (await redis.eval(script, 1, key, policy.perSecond, policy.burst)) as [number, number];
      return { allowed: allowed === 1, retryAfterSeconds: wait };
    },
  };
}
