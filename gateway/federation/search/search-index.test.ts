import { describe, expect, it } from 'vitest';
import { thaiProduct } from './search-fixtures';
import { SearchIndex, typoWords } from './search-index';
import type { Clause, SearchPlan } from './search-plan';
import { tokenize } from './tokenize';
import { planQuery } from './search-plan';
import { products as catalogue } from './scatter-gather-fixtures';

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

describe('SearchIndex.run', () => {
  /** Each term's field weight wherever it is: a name (16), a producer (6), a region (4), a story (1). */
  const WEIGHTS: Record<string, number> = { qqname: 16, qqa: 6, qqb: 4, qqc: 1, qqmaker: 6 };
  /** An index of hand-made postings: the documents of each term. */
  const indexOf = (docsOf: Record<string, number[]>, size: number) => {
    const terms = Object.keys(docsOf).sort();
    const offsets = Uint32Array.from([0, ...terms.map((_, t) => terms.slice(0, t + 1).reduce((sum, term) => sum + docsOf[term]!.length, 0))]);
    const docs = Int32Array.from(terms.flatMap((term) => docsOf[term]!));
    const weights = Uint8Array.from(terms.flatMap((term) => docsOf[term]!.map(() => WEIGHTS[term]!)));
    return new SearchIndex({ terms, offsets, docs, weights, size });
  };
  const clause = (...tokens: string[]): Clause => ({
    text: tokens.join(' '),
    alternatives: [{ tokens, source: 'DIRECT', term: tokens.join(' ') }],
    prefix: false,
    recognised: true,
  });
  // Three clauses: a name (32), a phrase of three words that scores their mean ((12 + 8 + 2) / 3), a producer (12).
  const plan: SearchPlan = { clauses: [clause('qqname'), clause('qqa', 'qqb', 'qqc'), clause('qqmaker')] };
  const none = { partial: new Set<string>(), typos: new Set<string>() };

  it('adds the clauses’ scores in the plan’s order, whatever the other documents: a shard scores a product as one index does', () => {
    // Document 0 matches every clause in both; the others make the first clause the smallest in one, the last in the other.
    const phrase = { qqa: [0], qqb: [0], qqc: [0] };
    const firstSmallest = indexOf({ qqname: [0], ...phrase, qqmaker: [0, 1, 2] }, 3);
    const lastSmallest = indexOf({ qqname: [0, 1, 2], ...phrase, qqmaker: [0] }, 3);
    // A phrase's words are summed, then scaled by 1/3; summed in another order the three clauses differ in the last bit.
    const phraseScore = (12 + 8 + 2) * (1 / 3);
    const expected = 32 + phraseScore + 12;
    expect(12 + phraseScore + 32).not.toBe(expected);
    for (const index of [firstSmallest, lastSmallest]) {
      const result = index.run(plan, none);
      expect([...result.docs]).toEqual([0]);
      expect(result.scores[0]).toBe(expected);
    }
  });
});

describe('SearchIndex over packed postings', () => {
  const all = catalogue().map(({ product }) => product);
  const plain = new SearchIndex(all);
  const packed = new SearchIndex(plain.packedPostings());
  const queries = [
    'honey',
    'wild honey',
    'hon',
    'cofee',
    'marlo',
    'silk scarf',
    'chocolat',
    'chiang mai',
    'ผ้าไหม',
    'cà phê',
    'o',
    'tea sauce basket',
    'weavin',
  ];

  it('answers every search as the index of plain lists does: its documents, scores and why each matched', () => {
    for (const query of queries) {
      const plan = planQuery(query)!;
      const typos = typoWords(plan, [plain]);
      const expected = plain.run(plan, typos);
      const got = packed.run(plan, typos);
      expect([...got.docs], query).toEqual([...expected.docs]);
      expect([...got.scores], query).toEqual([...expected.scores]);
      for (const doc of expected.docs) expect(packed.explain(plan, typos, doc), query).toEqual(plain.explain(plan, typos, doc));
    }
  });

  it('gives its lists back whole, and holds them in fewer bytes', () => {
    expect(packed.postings()).toEqual(plain.postings());
    expect(packed.packedPostings().packed).toEqual(plain.packedPostings().packed);
    expect(packed.bytes).toBeLessThan(plain.bytes);
  });

  it('keeps its weights as 4-bit codes, and a byte each when one is no field weight', () => {
    const postings = plain.packedPostings();
    expect(packed.bytes).toBeLessThan(plain.bytes - postings.weights.length / 3);
    const odd = postings.weights.slice();
    odd[0] = 7;
    const uncoded = new SearchIndex({ ...postings, weights: odd });
    expect(uncoded.postings().weights).toEqual(odd);
  });

  it('refuses packed lists cut short', () => {
    const { packed: bytes, ...rest } = plain.packedPostings();
    expect(() => new SearchIndex({ ...rest, packed: bytes.subarray(0, bytes.length - 1) })).toThrow(/truncated postings/);
  });
});
