import { Redis } from 'ioredis';
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

  return { cache, registry, redis, close: () => redis.quit().then(() => undefined, () => redis.disconnect()) };
}
