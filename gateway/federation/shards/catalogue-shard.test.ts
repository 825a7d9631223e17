import { describe, expect, it } from 'vitest';
import { products } from '../search/scatter-gather-fixtures';
import { CatalogueShard } from './catalogue-shard';
import { ShardedCatalogue } from './sharded-catalogue';
import { BUNDLED_RATES } from '../../money/rates/bundled';
import { MemoryShardStorage } from './shard-storage';
import { BuildGate } from './build-gate';
import { BLOCK_SIZE } from '../storage/document-blocks';

/** Rows in memory that count the reads of each kind of row (the part of a key before its first colon). */
class CountingStorage extends MemoryShardStorage {
  readonly reads = new Map<string, number>();

  override async get(key: string): Promise<Uint8Array | undefined> {
    const kind = key.split(':')[0]!;
    this.reads.set(kind, (this.reads.get(kind) ?? 0) + 1);
    return super.get(key);
  }
}

const honey = { text: 'honey', sort: 'RELEVANCE', lang: 'en', currency: 'USD' } as const;

const all = products();
const connectors = [...new Set(all.map((p) => p.connector))].sort();
const jp = connectors[0]!;

/** One connector's products harvested into `sharded` (all of them, or the first `count`). */
async function harvest(sharded: ShardedCatalogue, connector: string, count = Number.POSITIVE_INFINITY): Promise<void> {
  const run = sharded.harvest(connector);
  for (const { product } of all.filter((p) => p.connector === connector).slice(0, count)) run.add(product);
  await run.finish('2026-12-07T00:00:00Z');
}

/** The keys of a storage's rows that start with `prefix`. */
const keys = (storage: MemoryShardStorage, prefix: string) => [...storage.rows.keys()].filter((key) => key.startsWith(prefix));

describe('CatalogueShard', () => {
  it('drops the document pages of the harvest it replaces, not only its snapshot', async () => {
    const storage = new MemoryShardStorage();
    const sharded = new ShardedCatalogue({ shards: [new CatalogueShard({ storage })], connectors: () => connectors });
    await harvest(sharded, jp);
    const first = keys(storage, `docs:${jp}:`);
    expect(first.length).toBeGreaterThan(0);
    await harvest(sharded, jp, 5);
    const second = keys(storage, `docs:${jp}:`);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((key) => first.includes(key))).toEqual([]);
    // Every page left belongs to the one harvest served.
    expect(new Set(second.map((key) => key.split(':').slice(0, 3).join(':'))).size).toBe(1);
  });

  it('stores a row per document block, so that a record read reads its block alone', async () => {
    const storage = new CountingStorage();
    const shard = new CatalogueShard({ storage });
    const sharded = new ShardedCatalogue({ shards: [shard], connectors: () => connectors });
    await harvest(sharded, jp);
    const count = all.filter((p) => p.connector === jp).length;
    expect(keys(storage, `docs:${jp}:`)).toHaveLength(Math.ceil(count / BLOCK_SIZE));
    const restarted = new CatalogueShard({ storage });
    await restarted.warm({ connectors });
    storage.reads.clear();
    const id = all.find((p) => p.connector === jp)!.product.id;
    expect((await restarted.documents({ connectors, ids: [id] }))[0]?.product.id).toBe(id);
    expect(storage.reads.get('docs')).toBe(1);
  });

  it('reads its slices once warmed, so that a search after a restart reads no slice', async () => {
    const storages = [new CountingStorage(), new CountingStorage()];
    const sharded = new ShardedCatalogue({ shards: storages.map((storage) => new CatalogueShard({ storage })), connectors: () => connectors });
    for (const connector of connectors) await harvest(sharded, connector);
    const expected = await sharded.search(honey, BUNDLED_RATES, { first: 5, facets: true });
    const restarted = new ShardedCatalogue({ shards: storages.map((storage) => new CatalogueShard({ storage })), connectors: () => connectors });
    for (const storage of storages) storage.reads.clear();
    await restarted.warm();
    for (const storage of storages) expect(storage.reads.get('snap')).toBeGreaterThan(0);
    for (const storage of storages) storage.reads.clear();
    const page = await restarted.search(honey, BUNDLED_RATES, { first: 5, facets: true });
    expect(page.hits).toEqual(expected.hits);
    for (const storage of storages) {
      expect(storage.reads.get('snap') ?? 0).toBe(0);
      expect(storage.reads.get('ranks') ?? 0).toBe(0);
      expect(storage.reads.get('meta') ?? 0).toBe(0);
    }
  });

  it('leaves every shard warm at a harvest’s end: the next search reads no slice', async () => {
    const storages = [new CountingStorage(), new CountingStorage(), new CountingStorage()];
    const sharded = new ShardedCatalogue({ shards: storages.map((storage) => new CatalogueShard({ storage })), connectors: () => connectors });
    for (const connector of connectors) await harvest(sharded, connector);
    for (const storage of storages) storage.reads.clear();
    const page = await sharded.search(honey, BUNDLED_RATES, { first: 5, facets: false });
    expect(page.total).toBeGreaterThan(0);
    for (const storage of storages) expect([storage.reads.get('snap') ?? 0, storage.reads.get('meta') ?? 0]).toEqual([0, 0]);
  });

  it('keeps its slices within its byte budget: a slice let go is read again from storage, and answers the same', async () => {
    const storage = new CountingStorage();
    const loose = new CatalogueShard({ storage });
    const sharded = new ShardedCatalogue({ shards: [loose], connectors: () => connectors });
    for (const connector of connectors) await harvest(sharded, connector);
    const scope = { connectors };
    const expected = await loose.search({ ...scope, query: { ...honey, text: undefined }, rates: BUNDLED_RATES, position: 0, first: 50, facets: true });
    const oneSlice = Math.max(
      ...(await Promise.all(
        connectors.map(async (c) => {
          const alone = new CatalogueShard({ storage });
          await alone.warm({ connectors: [c] });
          return alone.heldBytes();
        }),
      )),
    );
    // Room for one slice at a time: asking each connector alone lets the one before go.
    const tight = new CatalogueShard({ storage, budgetBytes: oneSlice });
    for (const c of connectors) {
      await tight.warm({ connectors: [c] });
      expect(await tight.heldBytes()).toBeLessThanOrEqual(oneSlice);
      expect(tight.overBudget).toBe(false);
    }
    storage.reads.clear();
    // The whole catalogue in one call: every slice is held while it runs (over the budget, and said so).
    const page = await tight.search({ ...scope, query: { ...honey, text: undefined }, rates: BUNDLED_RATES, position: 0, first: 50, facets: true });
    expect(page).toEqual(expected);
    expect(storage.reads.get('snap')).toBeGreaterThanOrEqual(connectors.length - 1);
    expect(tight.overBudget).toBe(true);
    await tight.warm({ connectors: [jp] });
    expect(await tight.heldBytes()).toBeLessThanOrEqual(oneSlice);
  });

  it('builds its index again after a connector’s harvest from the index before, its other slices not read again', async () => {
    const storage = new CountingStorage();
    const shard = new CatalogueShard({ storage });
    const sharded = new ShardedCatalogue({ shards: [shard], connectors: () => connectors });
    for (const connector of connectors) await harvest(sharded, connector);
    storage.reads.clear();
    // The harvest's end warms the shard: only the new slice is read, the others' columns come from the index it replaces.
    const held = await shard.heldBytes();
    await harvest(sharded, jp, 20);
    expect(storage.reads.get('snap')).toBe(1);
    // What it counts is what it holds: the slices as after a fresh load.
    const fresh = new CatalogueShard({ storage });
    await fresh.warm({ connectors });
    expect(await shard.heldBytes()).toBe(await fresh.heldBytes());
    expect(held).toBeGreaterThan(await shard.heldBytes());
    const scope = { connectors };
    for (const query of [honey, { ...honey, text: undefined, sort: 'PRICE_ASC' as const }, { ...honey, text: 'silk', economies: ['TH'] }]) {
      const request = { ...scope, query, rates: BUNDLED_RATES, position: 0, first: 50, facets: true };
      expect(await shard.search(request)).toEqual(await fresh.search(request));
    }
  });

  it('answers a finish asked again while the first builds the same slice (an invocation that ended meanwhile) with that slice', async () => {
    const shard = new CatalogueShard({ storage: new MemoryShardStorage(), builds: new BuildGate({ pollMs: 1 }) });
    const mine = all.filter((p) => p.connector === jp).map((p) => p.product);
    const harvest = 'h1';
    for (let page = 0; page * 10 < mine.length; page++) await shard.stage({ connector: jp, harvest, page, products: mine.slice(page * 10, page * 10 + 10) });
    const request = { connector: jp, harvest, fetchedAt: '2026-12-08T00:00:00Z' };
    const [first, again] = await Promise.all([shard.finish(request), shard.finish(request)]);
    expect(again).toEqual(first);
    expect(first.size).toBe(mine.length);
  });

  it('builds indexes of two scopes at once over the same slices, each reading again what the other let go', async () => {
    const storage = new MemoryShardStorage();
    const shard = new CatalogueShard({ storage });
    const sharded = new ShardedCatalogue({ shards: [shard], connectors: () => connectors });
    for (const connector of connectors) await harvest(sharded, connector);
    const request = (scope: readonly string[]) => ({ connectors: scope, query: honey, rates: BUNDLED_RATES, position: 0, first: 50, facets: true });
    const fresh = new CatalogueShard({ storage });
    const some = connectors.slice(0, 2);
    for (let round = 0; round < 3; round++) {
      const [whole, part] = await Promise.all([
        shard.search(request(connectors)),
        shard.search(request(some)),
        shard.warm({ connectors: connectors.slice(1) }),
      ]);
      expect(whole).toEqual(await fresh.search(request(connectors)));
      expect(part).toEqual(await fresh.search(request(some)));
    }
  });
});
