import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeLogContract } from '../gateway/changes/change-log.contract';
import type { ChangeLog } from '../gateway/changes/change-log';
import { CursorExpiredError } from '../gateway/changes/errors';
import type { ChangeFilter } from '../gateway/changes/filter';
import { createMemoryChangeLog } from '../gateway/changes/memory-change-log';
import { allDigests } from '../gateway/changes/digest-pages';
import { recordHarvest } from '../gateway/changes/record';
import { createRedisChangeLog } from '../gateway/runtime/node/redis-change-log';
import { appendChange } from './helpers/changes';
import type { CanonicalProduct } from '../schemas/product';
import { resolveRedis, uniquePrefix } from './helpers/redis';

const redis = await resolveRedis();
const clients = new Map<ChangeLog, Redis>();
const prefixes: string[] = [];

async function connect(): Promise<Redis> {
  const client = new Redis(redis.url!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  return client;
}

afterAll(async () => {
  const admin = await connect();
  for (const prefix of prefixes) {
    const keys = await admin.keys(`{${prefix}*`);
    if (keys.length) await admin.del(...keys);
  }
  await admin.quit();
  await Promise.all([...clients.values()].map((c) => c.quit().catch(() => c.disconnect())));
  await redis.stop?.();
});

// Both ways of reading: merged in one script (one server), and stream by stream (what a cluster takes).
describe.skipIf(!redis.url).each([
  ['merged in Redis', true],
  ['stream by stream, as on a cluster', false],
])('the Redis change log: the contract, read %s', (_, mergeInRedis) => {
  changeLogContract(async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    return {
      // Each client is its own ioredis connection on the same keys, as two instances would be.
      async open(options) {
        const client = await connect();
        const log = createRedisChangeLog({ redis: client, prefix, mergeInRedis, ...options });
        clients.set(log, client);
        return log;
      },
      async disconnect(log) {
        await clients.get(log)?.quit();
        clients.delete(log);
      },
    };
  });
});

const product = (n: number, price = '1200'): CanonicalProduct => ({
  id: `jp-ovop:P-${n}`,
  connector: 'jp-ovop',
  localId: `P-${n}`,
  economy: 'JP',
  programme: 'OVOP',
  language: 'ja',
  name: { ja: `柚子胡椒 ${n}` },
  price: { amount: price, currency: 'JPY' },
  origin: { country: 'JP' },
  allergens: [],
  labelLanguages: ['ja'],
  images: [],
  marketplaces: [],
  certifications: [],
});

describe.skipIf(!redis.url)('the Redis change log: as a store', () => {
  let client: Redis;
  let log: ChangeLog;
  let prefix: string;
  beforeAll(async () => {
    prefix = uniquePrefix();
    prefixes.push(prefix);
    client = await connect();
    log = createRedisChangeLog({ redis: client, prefix });
    clients.set(log, client);
  });

  it('records harvests as the memory log does, event for event', async () => {
    const memory = createMemoryChangeLog();
    const now = new Date('2026-12-01T00:00:00Z');
    const harvests = [[product(1), product(2)], [product(1, '1300'), product(2)], [product(1, '1300')]];
    for (const products of harvests) {
      const input = { connector: 'jp-ovop', economy: 'JP', now, harvest: { complete: true, products }, maxRemovalRatio: 0.5 };
      const [a, b] = [await recordHarvest(log, input), await recordHarvest(memory, input)];
      expect(a.written).toEqual(b.written);
    }
    const fromRedis = await log.read({ limit: 100 });
    const fromMemory = await memory.read({ limit: 100 });
    expect(fromRedis.entries.map((e) => e.change)).toEqual(fromMemory.entries.map((e) => e.change));
    expect(fromRedis.entries.map((e) => `${e.change.type} ${e.change.productId} ${e.change.version}`)).toEqual([
      'CREATED jp-ovop:P-1 1',
      'CREATED jp-ovop:P-2 1',
      'UPDATED jp-ovop:P-1 2',
      'REMOVED jp-ovop:P-2 2',
    ]);
  });

  it("records a connector's first harvest of 60,000 products, every one a CREATED event (it once overflowed the call stack)", {
    timeout: 120_000,
  }, async () => {
    const big = await (async () => {
      const p = uniquePrefix();
      prefixes.push(p);
      const c = await connect();
      const l = createRedisChangeLog({ redis: c, prefix: p });
      clients.set(l, c);
      return l;
    })();
    const products = Array.from({ length: 60_000 }, (_, i) => product(i));
    const input = { connector: 'jp-ovop', economy: 'JP', now: new Date('2026-12-01T00:00:00Z'), harvest: { complete: true, products }, maxRemovalRatio: 0.5 };
    const recorded = await recordHarvest(big, input);
    expect(recorded.written).toHaveLength(60_000);
    expect((await big.read({ limit: 500 })).entries).toHaveLength(500);
    // Nothing changed: nothing more.
    expect((await recordHarvest(big, input)).written).toHaveLength(0);
  });

  it('reads full pages in time order across economies, however the events are spread over them', async () => {
    const own = uniquePrefix();
    prefixes.push(own);
    const spread = createRedisChangeLog({ redis: client, prefix: own });
    const memory = createMemoryChangeLog();
    const malaysian = (n: number): CanonicalProduct => ({
      ...product(n),
      id: `my-ovop:P-${n}`,
      connector: 'my-ovop',
      economy: 'MY',
      origin: { country: 'MY' },
    });
    // A burst of 700 in Japan, then Japan and Malaysia in turns: a page may come from one economy or from both.
    const harvests: Array<[string, string, CanonicalProduct[]]> = [['jp-ovop', 'JP', Array.from({ length: 700 }, (_, n) => product(n))]];
    for (let round = 0; round < 4; round++) {
      harvests.push(['my-ovop', 'MY', Array.from({ length: 150 * (round + 1) }, (_, n) => malaysian(n))]);
      harvests.push(['jp-ovop', 'JP', Array.from({ length: 700 + 50 * (round + 1) }, (_, n) => product(n))]);
    }
    let clock = Date.parse('2026-12-01T00:00:00Z');
    for (const [connector, economy, products] of harvests) {
      const input = { connector, economy, now: new Date((clock += 1000)), harvest: { complete: true, products } };
      await recordHarvest(spread, input);
      await recordHarvest(memory, input);
    }
    const pages = async (from: ChangeLog, limit: number, filter?: ChangeFilter) => {
      const sizes: number[] = [];
      const ids: string[] = [];
      const cursors: string[] = [];
      for (let cursor: string | null = null, more = true; more; ) {
        const page = await from.read({ after: cursor, limit, filter });
        sizes.push(page.entries.length);
        ids.push(...page.entries.map((e) => e.change.id));
        cursors.push(...page.entries.map((e) => e.cursor), page.next);
        cursor = page.next;
        more = page.hasMore;
      }
      return { sizes, ids, cursors };
    };
    // The same keys read stream by stream, as on a cluster: the same pages, cursor for cursor.
    const byStream = createRedisChangeLog({ redis: client, prefix: own, mergeInRedis: false });
    for (const limit of [500, 37]) {
      const [fromRedis, fromMemory, fromStreams] = [await pages(spread, limit), await pages(memory, limit), await pages(byStream, limit)];
      expect(fromRedis.ids).toEqual(fromMemory.ids);
      expect(fromRedis.ids.length).toBe(700 + 150 * 4 + 50 * 4);
      // Every page but the last is full.
      expect(fromRedis.sizes.slice(0, -1).every((n) => n === limit)).toBe(true);
      expect(fromRedis.cursors).toEqual(fromStreams.cursors);
      expect(fromRedis.ids).toEqual(fromStreams.ids);
    }
    const filter: ChangeFilter = { types: ['CREATED'], economies: ['MY', 'JP'] };
    const [merged, streamed, inMemory] = [await pages(spread, 50, filter), await pages(byStream, 50, filter), await pages(memory, 50, filter)];
    expect(merged.ids).toEqual(inMemory.ids);
    expect(merged.ids).toEqual(streamed.ids);
    expect(merged.ids.length).toBe(700 + 150 * 4 + 50 * 4);
  });

  it('keeps at most maxEntriesPerEconomy entries, and cursors before those dropped expire', async () => {
    const own = uniquePrefix();
    prefixes.push(own);
    const bounded = createRedisChangeLog({ redis: client, prefix: own, maxEntriesPerEconomy: 3 });
    const start = await bounded.head();
    for (let n = 1; n <= 5; n++) {
      await recordHarvest(bounded, { connector: 'jp-ovop', economy: 'JP', now: new Date(), harvest: { complete: false, products: [product(n)] } });
    }
    await expect(bounded.read({ after: start, limit: 10 })).rejects.toBeInstanceOf(CursorExpiredError);
    const kept = await bounded.read({ after: await bounded.oldest(), limit: 10 });
    expect(kept.entries.map((e) => e.change.productId)).toEqual(['jp-ovop:P-3', 'jp-ovop:P-4', 'jp-ovop:P-5']);
  });

  it('tells the bytes a page holds, by its events, merged in Redis or stream by stream (what bounds a page read ahead)', async () => {
    const own = uniquePrefix();
    prefixes.push(own);
    for (const mergeInRedis of [true, false]) {
      const sized = createRedisChangeLog({ redis: client, prefix: `${own}${mergeInRedis}:`, mergeInRedis });
      const start = await sized.head();
      await appendChange(sized, { productId: 'jp-ovop:SMALL' });
      const small = await sized.read({ after: start, limit: 10 });
      await appendChange(sized, { productId: 'jp-ovop:LARGE', padding: 100_000 });
      const large = await sized.read({ after: start, limit: 10 });
      expect(small.bytes).toBeGreaterThan(0);
      expect(large.bytes).toBeGreaterThanOrEqual(3 * 100_000);
      expect(large.entries).toHaveLength(2);
    }
  });

  it('makes the digests of rows written before them, and a harvest over them writes nothing again', async () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const products = [7, 8].map((n) => ({ ...product(n), id: `jp-old:P-${n}`, connector: 'jp-old' }));
    const input = { connector: 'jp-old', economy: 'JP', now, harvest: { complete: true, products } };
    expect((await recordHarvest(log, input)).written).toHaveLength(2);
    // As a log written before digests were kept: rows, and no digest beside them.
    await client.del(`{${prefix}changes:JP}:digests:jp-old`);
    const { rows } = await log.state('jp-old', 'JP');
    // Looked up by id (a detection's batch), or walked (a removal pass, a sweep): made either way.
    expect((await log.digestsOf('jp-old', 'JP', ['jp-old:P-7', 'jp-old:none'])).get('jp-old:P-7')).toMatchObject({ version: 1, removed: false });
    expect(await client.hlen(`{${prefix}changes:JP}:digests:jp-old`)).toBe(1);
    const digests = await allDigests(log, 'jp-old', 'JP');
    expect(digests.get('jp-old:P-7')).toMatchObject({ version: 1, hash: rows.get('jp-old:P-7')!.hash, removed: false });
    expect(digests.size).toBe(rows.size);
    expect((await recordHarvest(log, input)).written).toEqual([]);
  });

  it('keeps every key of an economy under one hash tag, so a cluster keeps it on one slot', async () => {
    const keys = await client.keys(`{${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith(`{${prefix}changes:JP}`)).toBe(true);
  });

  it('refuses rows and events it reads back that are not of their shape', async () => {
    await client.hset(`{${prefix}changes:JP}:rows:jp-ovop`, 'jp-ovop:P-9', '1|{"productId":"jp-ovop:P-9","version":1,"hash":"h","fields":{},"evil":true}');
    await expect(log.state('jp-ovop', 'JP')).rejects.toThrow();
    await client.hdel(`{${prefix}changes:JP}:rows:jp-ovop`, 'jp-ovop:P-9');
    const head = await log.head();
    await client.xadd(`{${prefix}changes:JP}`, '99999999999998-0', 'i', 'x', 'e', '{"id":"x"}');
    await client.hset(`{${prefix}changes:JP}:meta`, 'last', '99999999999998-0');
    await expect(log.read({ after: head, limit: 10 })).rejects.toThrow();
  });
});
