import { afterAll, describe, expect, it } from 'vitest';
import { resolveRedis, uniquePrefix } from '../../test/helpers/redis';
import { connectRedisStores } from '../runtime/node/redis';
import type { CacheStore } from '../stores/ports';
import { harvestOnce } from './harvest-lease';
import type { Snapshot } from './snapshot';

const redis = await resolveRedis();
const closing: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closing) await close();
  await redis.stop?.();
});

async function redisCache(): Promise<CacheStore> {
  const stores = await connectRedisStores(redis.url!, uniquePrefix());
  closing.push(stores.close);
  return stores.cache;
}

const LEASE = 'harvest-lease:{jp-ovop}';
const snapshot = { connector: 'jp-ovop', fetchedAt: '2026-12-04T00:00:00Z' } as Snapshot;

/** One instance's harvest of jp-ovop, with what it did recorded. */
function instance(cache: CacheStore, shared: () => Snapshot | undefined) {
  const did = { harvested: 0, adopted: [] as Snapshot[], logged: [] as string[] };
  const run = () =>
    harvestOnce({
      cache,
      connector: 'jp-ovop',
      log: (level, message) => did.logged.push(`${level} ${message}`),
      since: '',
      loadShared: async () => shared(),
      adopt: (s) => void did.adopted.push(s),
      harvest: async () => void did.harvested++,
    });
  return { did, run };
}

describe.skipIf(!redis.url)('one harvest across instances (a lease in Redis)', () => {
  it('harvests under the lease and lets it go', async () => {
    const cache = await redisCache();
    const { did, run } = instance(cache, () => undefined);
    await run();
    expect(did).toEqual({ harvested: 1, adopted: [], logged: [] });
    expect(await cache.get(LEASE)).toBeUndefined();
  });

  it('waits while another instance holds the lease, then serves the snapshot it shared', async () => {
    const cache = await redisCache();
    expect(await cache.lease!(LEASE, 60_000)).toBe(true);
    let shared: Snapshot | undefined;
    const { did, run } = instance(cache, () => shared);
    const waiting = run();
    // The holder shares its snapshot, then lets go.
    shared = snapshot;
    await cache.delete(LEASE);
    await waiting;
    expect(did).toEqual({ harvested: 0, adopted: [snapshot], logged: [] });
  });

  it('harvests itself when the holder let go without sharing a snapshot', async () => {
    const cache = await redisCache();
    expect(await cache.lease!(LEASE, 60_000)).toBe(true);
    const { did, run } = instance(cache, () => undefined);
    const waiting = run();
    await cache.delete(LEASE);
    await waiting;
    expect(did).toEqual({ harvested: 1, adopted: [], logged: [] });
  });
});

describe('a store whose lease fails', () => {
  it('logs it and harvests without the lease (better twice than never)', async () => {
    const failing: CacheStore = {
      shared: true,
      get: async () => undefined,
      set: async () => {},
      delete: () => Promise.reject(new Error('connection reset')),
      lease: () => Promise.reject(new Error('connection reset')),
    };
    const { did, run } = instance(failing, () => undefined);
    await run();
    expect(did.harvested).toBe(1);
    expect(did.logged).toEqual([
      'warn could not take the harvest lease; harvesting without it',
      'warn could not let go of the harvest lease; it expires by itself',
    ]);
  });
});
