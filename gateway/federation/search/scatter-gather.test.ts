import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { multiplyRatio, toScaled } from '../../money/decimal';
import { BUNDLED_RATES } from '../../money/rates/bundled';
import { crossRate } from '../../money/rates/table';
import { CatalogueIndex } from '../catalogue/catalogue-index';
import { collatorFor, selectDocs, type ProductQuery, type ProductSort } from '../catalogue/query';
import { catalogueOf } from '../catalogue/snapshot-catalogue';
import type { Snapshot } from '../snapshot';
import { NO_RATING, priceAt } from './columns';
import type { Facets } from './facets';
import {
  decodePositions,
  defaultPlace,
  encodePositions,
  globalStatistics,
  hitOrder,
  MAX_SHARDS,
  mergePages,
  nameLanguage,
  shardOf,
  shardStatistics,
  statisticsTerms,
  sumFacets,
  type ShardHit,
  type ShardPage,
  type Statistics,
} from './scatter-gather';
import { planQuery } from './search-plan';
import { products, rankIds } from './scatter-gather-fixtures';

const snapshot = async (connector: string, list: readonly CanonicalProduct[]): Promise<Snapshot> => ({
  connector,
  catalogue: await catalogueOf(list),
  quarantined: [],
  records: list.length,
  fetchedAt: '2026-12-07T00:00:00Z',
});

/** One shard: its index over its slice of each connector, and each of its products' place in the whole default order. */
interface Shard {
  index: CatalogueIndex;
  snapshots: Snapshot[];
  placeOf: Map<string, number>;
}

/** The catalogue split into `count` shards by product id, every connector's ids ranked over all shards (what the harvest does). */
async function partition(all: ReturnType<typeof products>, count: number): Promise<Shard[]> {
  const connectors = [...new Set(all.map((p) => p.connector))].sort();
  const slices = Array.from({ length: count }, () => new Map<string, CanonicalProduct[]>(connectors.map((c) => [c, []])));
  for (const { connector, product } of all) slices[shardOf(product.id, count)]!.get(connector)!.push(product);
  const snapshots = await Promise.all(slices.map((slice) => Promise.all([...slice].filter(([, list]) => list.length).map(([c, list]) => snapshot(c, list)))));
  const placeOf = slices.map(() => new Map<string, number>());
  connectors.forEach((connector, c) => {
    const ids = snapshots.map((shard) => [...(shard.find((s) => s.connector === connector)?.catalogue.ids ?? [])]);
    rankIds(ids).forEach((ranks, s) => {
      ids[s]!.forEach((id, i) => {
        placeOf[s]!.set(id, defaultPlace(ranks[i]!, c, connectors.length));
      });
    });
  });
  return snapshots.map((list, s) => ({ index: new CatalogueIndex(list), snapshots: list, placeOf: placeOf[s]! }));
}

/** The price in the rate table's pivot currency, exact, as one index's price order reads it. */
function pivotPrice(index: CatalogueIndex, doc: number): bigint | undefined {
  const id = index.columns.price[doc]!;
  if (id === 0) return undefined;
  const price = priceAt(index.columns.prices, id);
  const rate = crossRate(BUNDLED_RATES, price.currency, BUNDLED_RATES.base);
  return rate ? toScaled(multiplyRatio(price.amount, rate.ratio, 18)).units : undefined;
}

/** What a shard answers: its matches in the query's order with their keys, with the whole's statistics. */
function shardMatches(shard: Shard, query: ProductQuery, statistics: Statistics): { hits: ShardHit[]; facets: Facets } {
  const { index, placeOf } = shard;
  const c = index.columns;
  const search = query.text ? index.search(query.text, statistics) : undefined;
  const lang = nameLanguage(query.lang, statistics);
  const docs: number[] = [];
  const hits: ShardHit[] = [];
  const candidates = search ? [...search.docs] : Array.from({ length: index.size }, (_, d) => d);
  for (const doc of candidates) {
    if (query.economies && !query.economies.includes(c.economies[c.economy[doc]!]!)) continue;
    if (query.minRating !== undefined && (c.rating[doc] === NO_RATING || c.rating[doc]! < query.minRating)) continue;
    const key =
      query.sort === 'RELEVANCE'
        ? search?.score(doc)
        : query.sort === 'RATING_DESC'
          ? c.rating[doc] === NO_RATING
            ? undefined
            : c.rating[doc]
          : query.sort === 'NAME_ASC'
            ? index.nameFor(doc, lang)
            : pivotPrice(index, doc);
    docs.push(doc);
    hits.push({ id: index.idOf(doc), place: placeOf.get(index.idOf(doc))!, ...(key !== undefined && { key }) });
  }
  hits.sort(hitOrder(query.sort, collatorFor(query.lang)));
  return { hits, facets: index.facets(docs) };
}

const query = fc.record({
  text: fc.option(
    fc.constantFrom(
      'honey',
      'coffee',
      'wild honey',
      'tea',
      'smoked tea otago',
      'cofee',
      'chocolat',
      'silks',
      'golden coffee cebu',
      'pott',
      'kyoto',
      'mật ong',
      'กาแฟ',
      'zzz',
      'marlo',
      'marlon',
      'marlowe honey',
      'marl',
    ),
    { nil: undefined },
  ),
  sort: fc.constantFrom<ProductSort>('RELEVANCE', 'RATING_DESC', 'NAME_ASC', 'PRICE_ASC', 'PRICE_DESC'),
  lang: fc.constantFrom('en', 'vi', 'ja', 'th', 'vi-VN', 'en-x-a1', 'ms'),
  economies: fc.option(fc.subarray(['JP', 'TH', 'VN'], { minLength: 1 }), { nil: undefined }),
  minRating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
});

describe('scatter-gather over shards', () => {
  const all = products();
  let whole: CatalogueIndex;
  const partitions = new Map<number, Shard[]>();

  beforeAll(async () => {
    const byConnector = new Map<string, CanonicalProduct[]>();
    for (const { connector, product } of all) byConnector.set(connector, [...(byConnector.get(connector) ?? []), product]);
    whole = new CatalogueIndex(await Promise.all([...byConnector].map(([c, list]) => snapshot(c, list))));
    for (let count = 1; count <= 4; count++) partitions.set(count, await partition(all, count));
  });

  it('pages through the shards exactly as one index orders, counts and facets the whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), query, fc.integer({ min: 1, max: 9 }), (count, q, first) => {
        const productQuery: ProductQuery = { ...q, currency: 'USD' };
        const selected = selectDocs(whole, productQuery, BUNDLED_RATES).docs;
        const expected = { ids: selected.map((doc) => whole.idOf(doc)), facets: whole.facets(selected) };

        const shards = partitions.get(count)!;
        const plan = q.text ? planQuery(q.text) : undefined;
        const terms = plan ? statisticsTerms(plan) : [];
        const statistics = globalStatistics(
          shards.map((shard) =>
            shardStatistics(
              shard.snapshots.map((s) => s.catalogue.search.postings()),
              terms,
              shard.index.nameLanguage(q.lang) === q.lang,
            ),
          ),
        );
        const answers = shards.map((shard) => shardMatches(shard, productQuery, statistics));
        const order = hitOrder(q.sort, collatorFor(q.lang));
        const ids: string[] = [];
        let cursor = encodePositions(shards.map(() => 0));
        for (let page = 0; page <= all.length; page++) {
          const positions = decodePositions(cursor, count)!;
          const pages: ShardPage[] = answers.map((a, s) => ({
            hits: a.hits.slice(positions[s]!, positions[s]! + first),
            total: a.hits.length,
            facets: a.facets,
          }));
          const merged = mergePages(pages, { first, positions, order });
          expect(merged.total).toBe(expected.ids.length);
          expect(merged.facets).toEqual(expected.facets);
          ids.push(...merged.hits.map((h) => h.id));
          if (!merged.hasNextPage) break;
          expect(merged.hits).toHaveLength(first);
          cursor = encodePositions(merged.positions);
        }
        expect(ids).toEqual(expected.ids);
      }),
      { numRuns: 300, seed: 30 },
    );
  });
});

describe('rankIds', () => {
  it('ranks each shard’s sorted ids in the whole sorted order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (ids, count) => {
        const shards = Array.from({ length: count }, (_, s) => ids.filter((id) => shardOf(id, count) === s).sort());
        const whole = [...ids].sort();
        const ranks = rankIds(shards);
        for (let s = 0; s < count; s++) expect([...ranks[s]!]).toEqual(shards[s]!.map((id) => whole.indexOf(id)));
      }),
    );
  });
});

describe('shardOf', () => {
  it('spreads ids evenly over the shards, the same way every time', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[shardOf(`vn-ocop:${i}`, 4)]!++;
    for (const count of counts) expect(Math.abs(count - 2500)).toBeLessThan(250);
    expect(shardOf('jp-michi-no-eki:00042', 7)).toBe(shardOf('jp-michi-no-eki:00042', 7));
    expect(shardOf('anything', 1)).toBe(0);
  });
});

describe('sumFacets', () => {
  it('sums counts per value and orders them as one index does', () => {
    const a: Facets = { economies: [{ code: 'VN', count: 2 }], categories: [{ code: 'TEA', count: 1 }], ratings: [{ value: 3, count: 1 }], certifications: [] };
    const b: Facets = {
      economies: [
        { code: 'JP', count: 2 },
        { code: 'VN', count: 1 },
      ],
      categories: [],
      ratings: [{ value: 5, count: 2 }],
      certifications: [{ code: 'OCOP', count: 1 }],
    };
    expect(sumFacets([a, b])).toEqual({
      economies: [
        { code: 'VN', count: 3 },
        { code: 'JP', count: 2 },
      ],
      categories: [{ code: 'TEA', count: 1 }],
      ratings: [
        { value: 5, count: 2 },
        { value: 3, count: 1 },
      ],
      certifications: [{ code: 'OCOP', count: 1 }],
    });
  });
});

describe('mergePages', () => {
  it('refuses a shard page shorter than asked while the shard has more, which would skip a hit', () => {
    const facets: Facets = { economies: [], categories: [], ratings: [], certifications: [] };
    const order = hitOrder('RELEVANCE');
    expect(() => mergePages([{ hits: [{ id: 'a', place: 0, key: 1 }], total: 3, facets }], { first: 2, positions: [0], order })).toThrow(RangeError);
    expect(() => mergePages([{ hits: [], total: 3, facets }], { first: 2, positions: [4], order })).toThrow(RangeError);
    expect(mergePages([{ hits: [{ id: 'a', place: 0, key: 1 }], total: 3, facets }], { first: 1, positions: [2], order }).hasNextPage).toBe(false);
  });
});

describe('shard positions in a cursor', () => {
  it('round-trips any positions of up to MAX_SHARDS shards', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: 1, maxLength: MAX_SHARDS }), (positions) => {
        expect(decodePositions(encodePositions(positions), positions.length)).toEqual(positions);
      }),
    );
  });

  it('refuses anything else: another shard count, non-canonical or foreign text, trailing bytes, an oversized payload', () => {
    const good = encodePositions([3, 0, 70000]);
    expect(decodePositions(good, 2)).toBeUndefined();
    expect(decodePositions(`${good}A`, 3)).toBeUndefined();
    expect(
      decodePositions(
        good.replace(/.$/, (c) => (c === 'B' ? 'C' : 'B')),
        3,
      ),
    ).toBeUndefined();
    expect(decodePositions('', 1)).toBeUndefined();
    // 0 spelt as two bytes (0x80 0x00) instead of one.
    expect(decodePositions(Buffer.from([1, 1, 0x80, 0]).toString('base64url'), 1)).toBeUndefined();
    expect(decodePositions(Buffer.from([1, 1, 0]).toString('base64url'), 1)).toEqual([0]);
    expect(decodePositions('a+b/', 1)).toBeUndefined();
    expect(decodePositions('A'.repeat(10_000), 1)).toBeUndefined();
    expect(() => encodePositions(Array(MAX_SHARDS + 1).fill(0))).toThrow(RangeError);
    expect(() => encodePositions([-1])).toThrow(RangeError);
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), fc.integer({ min: 1, max: MAX_SHARDS }), (text, shards) => {
        const positions = decodePositions(text, shards);
        if (positions) expect(encodePositions(positions)).toBe(text);
      }),
    );
  });
});
