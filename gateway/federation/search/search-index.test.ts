import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { PostingsBuilder, SearchIndex } from './search-index';
import { tokenize } from './tokenize';

const product = (id: string, name: Record<string, string>, description?: Record<string, string>): CanonicalProduct => ({
  id: `th-otop:${id}`,
  connector: 'th-otop',
  localId: id,
  economy: 'TH',
  programme: 'OTOP',
  language: 'th',
  name,
  description,
  origin: { country: 'TH' },
  certifications: [],
  allergens: [],
  labelLanguages: [],
  images: [],
  marketplaces: [],
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

describe('PostingsBuilder', () => {
  it('sorts a harvest of many chunks into postings by term, renumbered and ascending', () => {
    // Enough products that their postings fill more than one of the builder's chunks (65,536).
    const many = Array.from({ length: 8000 }, (_, i) =>
      product(`p${i}`, { en: `item${i % 97} batch${i % 13} lot${i} village${i % 7} woven silk rice tea honey coffee` }),
    );
    const builder = new PostingsBuilder();
    for (const p of many) builder.add(p);
    const rank = many.map((_, i) => many.length - 1 - i); // reversed: every list must be re-sorted
    const postings = builder.finish(rank);
    expect(postings.size).toBe(many.length);
    expect(postings.docs.length).toBeGreaterThan(65_536);
    expect([...postings.terms]).toEqual([...postings.terms].sort());
    // The reference: each product's own tokens, by term.
    const expected = new Map<string, number[]>();
    many.forEach((p, i) => {
      for (const token of new Set(tokenize(p.name.en!))) expected.set(token, [...(expected.get(token) ?? []), rank[i]!]);
    });
    for (const [term, docs] of expected) {
      const id = postings.terms.indexOf(term);
      expect(id, term).toBeGreaterThanOrEqual(0);
      const listed = [...postings.docs.subarray(postings.offsets[id]!, postings.offsets[id + 1]!)];
      expect(listed, term).toEqual(docs.sort((a, b) => a - b));
    }
  });
});
