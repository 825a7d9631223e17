import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_RATES } from '../../money/rates/bundled';
import { products } from '../search/scatter-gather-fixtures';
import { wholeIndexOf } from '../shards/shard-fixtures';
import type { CatalogueIndex } from './catalogue-index';
import { type ProductQuery, type ProductSort, type SelectionLimits, selectDocs } from './query';

const query = fc.record({
  text: fc.option(fc.constantFrom('honey', 'golden coffee', 'cofee', 'silk scarf', 'pott', 'chiang mai', 'กาแฟ', 'zzz', 'marl', 'tea'), { nil: undefined }),
  sort: fc.constantFrom<ProductSort>('RELEVANCE', 'RATING_DESC', 'NAME_ASC', 'PRICE_ASC', 'PRICE_DESC'),
  lang: fc.constantFrom('en', 'vi', 'ja', 'th'),
  economies: fc.option(fc.subarray(['JP', 'TH', 'VN'], { minLength: 1 }), { nil: undefined }),
  minRating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  priceMax: fc.option(fc.constantFrom('1', '5', '20.5'), { nil: undefined }),
});

/** Paging the selection (heaps by score, orders walked as far as the page) rather than ordering it whole. */
const limits = fc.constantFrom<SelectionLimits>({ whole: 0, topK: 4096 }, { whole: 0, topK: 0 }, { whole: 0, topK: 12 });

describe('selectDocs', () => {
  let index: CatalogueIndex;
  let fresh: () => Promise<CatalogueIndex>;

  beforeAll(async () => {
    fresh = () => wholeIndexOf(products());
    index = await fresh();
  });

  it('gives any page of the selection, its total and its matches as ordering it whole does', () => {
    fc.assert(
      fc.property(query, limits, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 30 }), (q, paged, from, count) => {
        const productQuery: ProductQuery = { ...q, currency: 'USD' };
        const whole = selectDocs(index, productQuery, BUNDLED_RATES, undefined, { whole: 0, topK: 0 }).docs;
        const page = selectDocs(index, productQuery, BUNDLED_RATES, { from, count }, paged);
        expect(page.docs).toEqual(whole.slice(from, from + count));
        expect(page.total).toBe(whole.length);
        expect(Array.from(page.matched()).sort((a, b) => a - b)).toEqual([...whole].sort((a, b) => a - b));
        expect(index.facets(page.matched())).toEqual(index.facets(whole));
      }),
      { numRuns: 400, seed: 30 },
    );
  });

  it('keeps a small selection whole and pages the next request of it from what it kept', async () => {
    const own = await fresh();
    const honey: ProductQuery = { text: 'honey', sort: 'RELEVANCE', lang: 'en', currency: 'USD' };
    const first = selectDocs(own, honey, BUNDLED_RATES, { from: 0, count: 3 });
    const kept = own.keptSelection(JSON.stringify(['honey', null, null, null, null, null, null, 'RELEVANCE', null, null]));
    expect(kept?.docs.length).toBe(first.total);
    const again = selectDocs(own, honey, BUNDLED_RATES, { from: 2, count: 3 });
    expect(again.docs).toEqual(kept!.docs.slice(2, 5));
    expect(again.total).toBe(first.total);
    expect(again.docs[0]).toBe(first.docs[2]);
  });
});
