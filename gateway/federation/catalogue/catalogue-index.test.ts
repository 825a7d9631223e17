import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import type { IndexedProduct, Snapshot } from '../snapshot';
import { CatalogueIndex, mergedOrder } from './catalogue-index';
import { catalogueOf } from './snapshot-catalogue';

const product = (connector: string, economy: string, i: number): CanonicalProduct =>
  ({
    id: `${connector}:P-${i}`,
    connector,
    localId: `P-${i}`,
    economy,
    programme: 'OTOP',
    language: 'en',
    name: { en: `Product ${i} of ${connector}` },
    origin: { country: economy },
    certifications: [],
    labelLanguages: [],
    images: [],
    marketplaces: [],
  }) as unknown as CanonicalProduct;

const snapshot = async (connector: string, economy: string, count: number): Promise<Snapshot> => {
  const list = Array.from({ length: count }, (_, i) => product(connector, economy, i));
  return { connector, catalogue: await catalogueOf(list), quarantined: [], records: count, fetchedAt: `2026-12-07T00:00:0${count % 10}Z` };
};

describe('CatalogueIndex.eachRecord', () => {
  it('visits the same products as records, in the order asked, across snapshots', async () => {
    const index = new CatalogueIndex([await snapshot('th-otop', 'TH', 40), await snapshot('ph-otop', 'PH', 37)], new Set(['ph-otop']));
    // Every document, in an order that goes back and forth between the snapshots (and blocks).
    const docs = Array.from({ length: index.size }, (_, d) => d).sort((a, b) => ((a * 37) % 77) - ((b * 37) % 77));
    const expected = (await index.records(docs, { remember: false })).map(({ product, fetchedAt, stale }) => ({ id: product.id, fetchedAt, stale }));
    const seen: Array<{ id: string; fetchedAt: string; stale: boolean }> = [];
    await index.eachRecord(docs, ({ product, fetchedAt, stale }) => {
      seen.push({ id: product.id, fetchedAt, stale });
    });
    expect(seen).toEqual(expected);
    expect(new Set(seen.filter((s) => s.stale).map((s) => s.id.split(':')[0]))).toEqual(new Set(['ph-otop']));
  });

  it('hands over one object, reused, and lets go of the last product when done', async () => {
    const index = new CatalogueIndex([await snapshot('th-otop', 'TH', 20)]);
    const given = new Set<IndexedProduct>();
    let last: IndexedProduct | undefined;
    await index.eachRecord([3, 1, 2], (record) => {
      given.add(record);
      last = record;
    });
    expect(given.size).toBe(1);
    expect(last!.product).toBeUndefined();
  });
});

/** The order a sort gives: positions by ascending value, ties by position. */
const sorted = (values: Float64Array) => Int32Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);

describe('mergedOrder', () => {
  it('orders ascending runs as a sort does, ties between runs by position', () => {
    let seed = 11;
    const random = (n: number) => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 8) % n;
    for (let round = 0; round < 50; round++) {
      const runs = [0];
      const values: number[] = [];
      for (let r = 0, count = random(6); r < count; r++) {
        let value = random(5);
        for (let i = 0, length = random(20); i < length; i++) values.push((value += 1 + random(4)));
        runs.push(values.length);
      }
      const array = Float64Array.from(values);
      expect(mergedOrder(array, runs)).toEqual(sorted(array));
    }
  });

  it('gives none when a run does not ascend, for a sort to order it', () => {
    expect(mergedOrder(Float64Array.from([1, 3, 2, 0]), [0, 3, 4])).toBeUndefined();
    expect(mergedOrder(Float64Array.from([1, 1]), [0, 2])).toBeUndefined();
  });
});
