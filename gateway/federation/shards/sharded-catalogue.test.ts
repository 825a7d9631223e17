import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_RATES } from '../../money/rates/bundled';
import type { CatalogueIndex } from '../catalogue/catalogue-index';
import { type ProductQuery, type ProductSort, type SelectionLimits, selectDocs } from '../catalogue/query';
import { products } from '../search/scatter-gather-fixtures';
import { CatalogueShard } from './catalogue-shard';
import { ShardedCatalogue } from './sharded-catalogue';
import { wholeIndexOf } from './shard-fixtures';
import { MAX_ROW_BYTES, MemoryShardStorage } from './shard-storage';

const all = products();
const connectors = [...new Set(all.map((p) => p.connector))].sort();

/** The sharded catalogue over `count` shards in memory, harvested page by page as the Worker does. */
async function harvested(storages: MemoryShardStorage[], pageProducts = 11): Promise<ShardedCatalogue> {
  const sharded = new ShardedCatalogue({ shards: storages.map((storage) => new CatalogueShard({ storage })), connectors: () => connectors, pageProducts });
  for (const connector of connectors) {
    const harvest = sharded.harvest(connector);
    for (const { product } of all.filter((p) => p.connector === connector)) {
      harvest.add(product);
      if (Math.random() < 0.1) await harvest.pace();
    }
    await harvest.finish('2026-12-07T00:00:00Z');
  }
  return sharded;
}

/** A cold start on the same storage: new shards that read their slices on first use (and order their matches whole up to `limits`). */
const restarted = (storages: MemoryShardStorage[], limits?: SelectionLimits) =>
  new ShardedCatalogue({ shards: storages.map((storage) => new CatalogueShard({ storage, limits })), connectors: () => connectors });

/**
 * How the shards start: harvested and warm, or restarted cold on the same storage, ordering their
 * matches whole (small slices) or paging them as at scale: heaps by score, orders walked as far as
 * the page, and (`deep`) pages past a few positions read from the whole order.
 */
const starts = fc.constantFrom<{ cold: boolean; limits?: SelectionLimits }>(
  { cold: false },
  { cold: true },
  { cold: true, limits: { whole: 0, topK: 4096 } },
  { cold: true, limits: { whole: 0, topK: 6 } },
);

const query = fc.record({
  text: fc.option(
    fc.constantFrom('honey', 'golden coffee', 'cofee', 'silk scarf', 'pepers', 'chiang mai', 'กาแฟ', 'zzz', 'marlo', 'marlon', 'marlowe honey', 'marl'),
    {
      nil: undefined,
    },
  ),
  sort: fc.constantFrom<ProductSort>('RELEVANCE', 'RATING_DESC', 'NAME_ASC', 'PRICE_ASC', 'PRICE_DESC'),
  lang: fc.constantFrom('en', 'vi', 'ja', 'th', 'vi-VN', 'en-x-a1'),
  economies: fc.option(fc.subarray(['JP', 'TH', 'VN'], { minLength: 1 }), { nil: undefined }),
  minRating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  priceMax: fc.option(fc.constantFrom('1', '5', '20.5'), { nil: undefined }),
});

describe('a catalogue harvested into shards answers as one index', () => {
  let whole: CatalogueIndex;
  const storages = new Map<number, MemoryShardStorage[]>();
  const catalogues = new Map<number, ShardedCatalogue>();

  beforeAll(async () => {
    whole = await wholeIndexOf(all, '2026-12-07T00:00:00Z');
    for (const count of [1, 3, 4]) {
      const made = Array.from({ length: count }, () => new MemoryShardStorage());
      storages.set(count, made);
      catalogues.set(count, await harvested(made));
    }
  });

  it('pages through with every shard’s position: the same ids in the same order, totals, facets and records', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(1, 3, 4), query, fc.integer({ min: 1, max: 9 }), starts, async (count, q, first, start) => {
        const productQuery: ProductQuery = { ...q, currency: 'USD' };
        const selected = selectDocs(whole, productQuery, BUNDLED_RATES).docs;
        const expected = { ids: selected.map((doc) => whole.idOf(doc)), facets: whole.facets(selected) };
        const sharded = start.cold ? restarted(storages.get(count)!, start.limits) : catalogues.get(count)!;
        const ids: string[] = [];
        let positions: number[] | undefined;
        for (let page = 0; page <= all.length; page++) {
          const merged = await sharded.search(productQuery, BUNDLED_RATES, { first, positions, facets: true });
          expect(merged.total).toBe(expected.ids.length);
          expect(merged.facets).toEqual(expected.facets);
          expect(merged.items.map((item) => item.product.id)).toEqual(merged.hits.map((hit) => hit.id));
          ids.push(...merged.hits.map((hit) => hit.id));
          if (!merged.hasNextPage) break;
          positions = merged.positions;
        }
        expect(ids).toEqual(expected.ids);
      }),
      { numRuns: 120, seed: 30 },
    );
  });

  it('reads products by id from the shard that holds each, as one index does', async () => {
    const ids = [...all.slice(0, 40).map((p) => p.product.id), 'jp-michi-no-eki:none', all[77]!.product.id];
    const expected = await whole.lookup(ids);
    for (const count of [1, 4]) {
      const found = await restarted(storages.get(count)!).lookup(ids);
      expect(found.map((item) => item?.product ?? null)).toEqual(expected.map((item) => item?.product ?? null));
    }
  });

  it('keeps every row under the Durable Object’s 2 MB, and nothing of a harvest staged once it is served', () => {
    for (const list of storages.values()) {
      for (const storage of list) {
        expect(Math.max(...[...storage.rows.values()].map((row) => row.byteLength))).toBeLessThanOrEqual(MAX_ROW_BYTES + 1);
        expect([...storage.rows.keys()].filter((key) => key.startsWith('stage:'))).toEqual([]);
      }
    }
  });

  it('serves the new harvest of a connector and drops the old one’s rows', async () => {
    const made = [new MemoryShardStorage(), new MemoryShardStorage()];
    const sharded = await harvested(made);
    const jp = connectors[0]!;
    const before = await sharded.search({ text: 'honey', sort: 'RELEVANCE', lang: 'en', currency: 'USD' }, BUNDLED_RATES, { first: 100, facets: false });
    const harvest = sharded.harvest(jp);
    for (const { product } of all.filter((p) => p.connector === jp).slice(0, 5)) harvest.add(product);
    expect(await harvest.finish('2026-12-08T00:00:00Z')).toBe(5);
    const after = await sharded.search({ sort: 'RELEVANCE', lang: 'en', currency: 'USD', economies: ['JP'] }, BUNDLED_RATES, { first: 100, facets: false });
    expect(after.total).toBe(5);
    // A cursor made before the catalogue shrank points past what a shard has now: an empty page, as an offset past the end gives.
    const stale = await sharded.search({ sort: 'RELEVANCE', lang: 'en', currency: 'USD', economies: ['JP'] }, BUNDLED_RATES, {
      first: 3,
      positions: [90, 90],
      facets: false,
    });
    expect(stale.hits).toEqual([]);
    expect(stale.hasNextPage).toBe(false);
    expect(before.total).toBeGreaterThan(0);
    const snapshots = made.flatMap((storage) => [...storage.rows.keys()].filter((key) => key.startsWith(`snap:${jp}:`) && !key.includes('#')));
    expect(snapshots.length).toBeLessThanOrEqual(made.length);
  });
});
