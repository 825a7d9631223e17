import { describe, expect, it } from 'vitest';
import { thaiProduct } from './search-fixtures';
import { SearchIndex } from './search-index';
import { tokenize } from './tokenize';

const product = thaiProduct;

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
  it('finds Thai words with Intl.Segmenter, and silk named in another language after its own name', () => {
    // ผ้าไหม is silk: the Thai name first, then the scarf whose English description says silk.
    expect(found('ผ้าไหม')).toEqual(['silk', 'scarf']);
    expect(found('หอมมะลิ')).toEqual(['rice']);
  });
  it('never makes tokens of lone Thai tone marks or vowels', () => {
    expect(tokenize('น้ำผึ้งป่า').every((t) => !/^\p{M}+$/u.test(t))).toBe(true);
    expect(tokenize('น้ำผึ้งป่า')).toEqual(['น้ํา', 'ผึ้ง', 'ป่า']);
  });
  it('ranks name over description, and whole words over words they start', () => {
    expect(found('silk')).toEqual(['silk', 'scarf']);
    // A word the index does not hold whole matches the words it starts, below whole words.
    // ("silkw" is also one edit from "silk": the word it starts ranks first, the typo after.)
    expect(found('silkw')).toEqual(['silkworm', 'silk', 'scarf']);
    expect(found('mudm')).toEqual(['silk', 'scarf']);
  });
  it('tolerates one typo from five letters and two from nine, never in shorter words', () => {
    expect(found('jasmin')).toEqual(['rice']);
    expect(found('silkwrom')).toEqual(['silkworm']);
    expect(found('slik')).toEqual([]);
  });
  it('requires every word of the query', () => {
    expect(found('mudmee silk')).toEqual(['silk', 'scarf']);
    expect(found('jasmine silk')).toEqual([]);
  });
  it('has nothing to search for in punctuation alone', () => {
    expect(index.search('  --  ')).toBeUndefined();
  });
});
