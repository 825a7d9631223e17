import { describe, expect, it } from 'vitest';
import { LEXICON, lexiconSchema } from './lexicon';

describe('the product-term lexicon', () => {
  it("loads, with the issue's terms in their languages", () => {
    const coffee = LEXICON.find((c) => c.id === 'coffee')!;
    expect(coffee.terms).toMatchObject({ id: ['kopi'], ja: ['コーヒー', '珈琲'], th: ['กาแฟ'], fil: ['kape'] });
    expect(LEXICON.find((c) => c.id === 'sausage')!.terms.vi).toEqual(['lạp sườn', 'lạp xưởng', 'xúc xích']);
  });
  it('refuses a malformed entry at load: a duplicate id, an empty term, one language, an unknown language', () => {
    const ok = { id: 'tea', terms: { en: ['tea'], ms: ['teh'] } };
    expect(() => lexiconSchema.parse([ok, ok])).toThrow(/duplicate concept tea/);
    expect(() => lexiconSchema.parse([{ id: 'tea', terms: { en: ['  '], ms: ['teh'] } }])).toThrow();
    expect(() => lexiconSchema.parse([{ id: 'tea', terms: { en: ['tea'] } }])).toThrow(/two languages/);
    expect(() => lexiconSchema.parse([{ id: 'tea', terms: { en: ['tea'], xx: ['t'] } }])).toThrow();
  });
});
