import { gatewayError } from '../errors';
import type { CacheStore, RegistryStore } from './ports';

/** A store call that did not finish within its deadline: the store counts as failed. */
export class StoreTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not answer within ${ms} ms`);
    this.name = 'StoreTimeoutError';
  }
}

/** `promise`, or a StoreTimeoutError once `ms` have passed (the late answer is ignored). */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeoutError(what, ms)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * A cache whose every call fails after `ms` (Workers KV has no command timeout of its own); put
 * it under a DegradingCache so that a stalled store is served around like a dead one.
 */
export function cacheWithDeadline(store: CacheStore, ms: number): CacheStore {
  return {
    shared: store.shared,
    get: (key) => withDeadline(store.get(key), ms, 'the cache store'),
    set: (key, value, ttl) => withDeadline(store.set(key, value, ttl), ms, 'the cache store'),
    delete: (key) => withDeadline(store.delete(key), ms, 'the cache store'),
    ...(store.lease && { lease: (key: string, ttlMs: number) => withDeadline(store.lease!(key, ttlMs), ms, 'the cache store') }),
  };
}

/**
 * A registry whose every call has a deadline, and whose failures (stalled, refused) are one
 * clear error, STORE_UNAVAILABLE: a write that fails is never acknowledged. What the store did
 * with a write that timed out is unknown; the caller is told that nothing was stored and may retry.
 */
export function registryWithDeadline(store: RegistryStore, ms: number): RegistryStore {
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await withDeadline(call(), ms, 'the registry store');
    } catch (error) {
      throw gatewayError('STORE_UNAVAILABLE', 'the registry store is unavailable or did not answer in time; nothing was stored, try again', {
        reason: error instanceof StoreTimeoutError ? 'timeout' : 'unreachable',
      });
    }
  };
  return {
    list: (kind) => guard(() => store.list(kind)),
    get: (kind, id) => guard(() => store.get(kind, id)),
    put: (kind, id, value) => guard(() => store.put(kind, id, value)),
    delete: (kind, id) => guard(() => store.delete(kind, id)),
  };
}
