import { describe, expect, it } from 'vitest';
import { thaiProduct } from './search-fixtures';
import { PostingsBuilder } from './postings';
import { tokenize } from './tokenize';

const product = thaiProduct;

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
