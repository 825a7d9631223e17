import { afterAll, describe, expect, it } from 'vitest';
import { resolveRedis, uniquePrefix } from '../../test/helpers/redis';
import type { CanonicalProduct } from '../../schemas/product';
import { connectRedisStores } from '../runtime/node/redis';
import { MemoryCache } from '../stores/memory';
import type { CacheStore } from '../stores/ports';
import { catalogueOf } from './catalogue/snapshot-catalogue';
import { SharedSnapshots } from './shared-snapshots';

const redis = await resolveRedis();
const closing: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closing) await close();
  await redis.stop?.();
});

const product = (id: string) =>
  ({ id, economy: 'JP', language: 'ja', name: { ja: '抹茶' }, origin: { country: 'JP' }, certifications: [] }) as unknown as CanonicalProduct;

function recorder() {
  const logged: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  return { logged, log: (level: string, message: string, fields?: Record<string, unknown>) => void logged.push({ level, message, fields }) };
}

async function redisCache(): Promise<CacheStore> {
  const stores = await connectRedisStores(redis.url!, uniquePrefix());
  closing.push(stores.close);
  return stores.cache;
}

describe.skipIf(!redis.url)('snapshots shared through Redis', () => {
  it('gives another instance the snapshot one shared', async () => {
    const cache = await redisCache();
    const { logged, log } = recorder();
    const snapshot = {
      connector: 'jp-ovop',
      catalogue: await catalogueOf([product('jp-ovop:1')]),
      quarantined: [],
      records: 1,
      fetchedAt: '2026-12-04T00:00:00Z',
    };
    await new SharedSnapshots({ cache, log }).share(snapshot);
    const back = await new SharedSnapshots({ cache, log }).load('jp-ovop');
    expect(back).toMatchObject({ connector: 'jp-ovop', records: 1, fetchedAt: '2026-12-04T00:00:00Z' });
    expect([...back!.catalogue.ids]).toEqual(['jp-ovop:1']);
    expect(logged.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('logs a shared snapshot that does not decode, with its connector and why, and answers none', async () => {
    const cache = await redisCache();
    await cache.set('snapshot:jp-ovop', new TextEncoder().encode('a foreign value'), 60);
    const { logged, log } = recorder();
    expect(await new SharedSnapshots({ cache, log }).load('jp-ovop')).toBeUndefined();
    expect(logged).toEqual([
      { level: 'warn', message: 'could not decode the shared snapshot; harvesting instead', fields: { connector: 'jp-ovop', error: expect.any(String) } },
    ]);
    expect(String(logged[0]!.fields!.error)).not.toBe('');
  });

  it('answers none, quietly, when nothing is shared yet; removes what was', async () => {
    const cache = await redisCache();
    const { logged, log } = recorder();
    const shared = new SharedSnapshots({ cache, log });
    expect(await shared.load('jp-ovop')).toBeUndefined();
    await cache.set('snapshot:jp-ovop', new Uint8Array([1]), 60);
    await shared.remove('jp-ovop');
    expect(await cache.get('snapshot:jp-ovop')).toBeUndefined();
    expect(logged).toEqual([]);
  });
});

describe('snapshots with no shared store', () => {
  it('shares nothing in a store of one instance', async () => {
    const cache = new MemoryCache();
    const shared = new SharedSnapshots({ cache, log: () => {} });
    await shared.share({
      connector: 'jp-ovop',
      catalogue: await catalogueOf([product('jp-ovop:1')]),
      quarantined: [],
      records: 1,
      fetchedAt: '2026-12-04T00:00:00Z',
    });
    expect(await cache.get('snapshot:jp-ovop')).toBeUndefined();
    expect(await shared.load('jp-ovop')).toBeUndefined();
  });

  it('logs a store that fails to answer, with the connector, and answers none', async () => {
    const failing: CacheStore = {
      shared: true,
      get: () => Promise.reject(new Error('connection reset')),
      set: () => Promise.reject(new Error('connection reset')),
      delete: () => Promise.reject(new Error('connection reset')),
    };
    const { logged, log } = recorder();
    const shared = new SharedSnapshots({ cache: failing, log });
    expect(await shared.load('jp-ovop')).toBeUndefined();
    await shared.remove('jp-ovop');
    expect(logged.map((l) => [l.level, l.message, l.fields])).toEqual([
      ['warn', 'could not read the shared snapshot; harvesting instead', { connector: 'jp-ovop', error: 'connection reset' }],
      ['warn', 'could not delete the shared snapshot', { connector: 'jp-ovop', error: 'connection reset' }],
    ]);
  });
});
