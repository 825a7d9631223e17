import { Redis } from 'ioredis';
import type { RatePolicy, RateLimiter } from '../limits/rate-limiter';
import type { CacheStore, RegistryStore } from '../stores/ports';

/**
 * Redis adapters of the cache and registry ports (the only place ioredis is imported). Connects
 * before answering; afterwards commands fail fast while Redis is away, so callers degrade instead
 * of queueing.
 */
export async function connectRedisStores(url: string, prefix: string, onError: (error: Error) => void = () => {}) {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  redis.on('error', () => {
    // Connection errors surface as failed commands, which the callers handle; nothing to do here.
  });
  await redis.connect().catch(onError);

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
    close: () => redis.quit().then(() => undefined, () => redis.disconnect()),
  };
}

/**
 * A token bucket per client, atomic in Redis (one Lua script, Redis's own clock), so every instance
 * draws on the same bucket.
 */
function redisRateLimiter(redis: Redis, prefix: string, { perSecond, burst }: RatePolicy): RateLimiter {
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
