import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../schemas/product';
import { SearchIndex } from './search-index';

const product = (id: string, name: Record<string, string>, description?: Record<string, string>): CanonicalProduct => ({
  id: `th-otop:${id}`, connector: 'th-otop', localId: id, economy: 'TH', programme: 'OTOP', language: 'th',
  name, description, origin: { country: 'TH' }, certifications: [], allergens: [], labelLanguages: [], images: [], marketplaces: [],
});

const products = [
  product('silk', { th: 'ผ้าไหมมัดหมี่', en: 'Mudmee silk' }),
  product('scarf', { th: 'ผ้าพันคอ', en: 'Scarf' }, { en: 'Woven from mudmee silk thread' }),
  product('rice', { th: 'ข้าวหอมมะลิ', en: 'Jasmine rice' }),
  product('silkworm', { en: 'Silkworm snack' }),
];
const index = new SearchIndex(products);
const found = (q: string) => {
  const result = index.search(q);
  return result ? [...result.docs].sort((a, b) => result.score(b) - result.score(a)).map((doc) => products[doc]!.localId) : [];
};

describe('SearchIndex', () => {
  it('finds Thai text inside a word by character bigrams', () => {
    expect(found('ผ้าไหม')).toEqual(['silk']);
    expect(found('หอมมะลิ')).toEqual(['rice']);
  });
  it('ranks name over description, and whole words over parts of words', () => {
    expect(found('silk')).toEqual(['silk', 'silkworm', 'scarf']);
  });
  it('requires every word of the query', () => {
    expect(found('mudmee silk')).toEqual(['silk', 'scarf']);
    expect(found('jasmine silk')).toEqual([]);
  });
  it('has nothing to search for in punctuation alone', () => {
    expect(index.search('  --  ')).toBeUndefined();
  });
});
