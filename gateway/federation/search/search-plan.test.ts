import { describe, expect, it } from 'vitest';
import { inflections, planQuery } from './search-plan';

const clauses = (text: string) => planQuery(text)!.clauses.map((c) => ({ text: c.text, sources: [...new Set(c.alternatives.map((a) => a.source))] }));

describe('planQuery', () => {
  it('reads a lexicon phrase as one clause whose own words must stand side by side', () => {
    const [clause] = planQuery('ca phe')!.clauses;
    expect(planQuery('ca phe')!.clauses).toHaveLength(1);
    expect(clause!.alternatives[0]).toMatchObject({ source: 'DIRECT', tokens: ['ca phe'] });
    expect(clause!.alternatives.map((a) => a.term)).toEqual(expect.arrayContaining(['coffee', 'kopi', 'コーヒー', 'กาแฟ', 'kape']));
    expect(clause!.prefix).toBe(false);
  });
  it('calls same-language spellings variants and other languages translations', () => {
    const alternatives = planQuery('coklat')!.clauses[0]!.alternatives;
    expect(alternatives.find((a) => a.term === 'cokelat')!.source).toBe('VARIANT');
    expect(alternatives.find((a) => a.term === 'chocolate')!.source).toBe('LEXICON');
  });
  it('finds lexicon words inside a Han/kana run, and drops the bigrams that straddle them', () => {
    expect(clauses('ゆず胡椒').map((c) => c.text)).toEqual(['ゆず', '胡椒']);
    expect(clauses('有機干し椎茸').map((c) => c.text)).toEqual(['有機', '干し椎茸']);
  });
  it('keeps a run whole when a lexicon word would leave one character of it alone', () => {
    expect(clauses('関さば')).toEqual([
      { text: '関さ', sources: ['DIRECT'] },
      { text: 'さば', sources: ['DIRECT'] },
    ]);
  });
  it('recognises a lexicon word through a typo in a long word, and says so', () => {
    const alternatives = planQuery('pottary')!.clauses[0]!.alternatives;
    expect(alternatives.find((a) => a.term === 'pottery')).toMatchObject({ kind: 'TYPO' });
    expect(planQuery('pott')!.clauses[0]!.alternatives).toHaveLength(1);
  });
  it('has nothing to plan in punctuation', () => {
    expect(planQuery(' -- ')).toBeUndefined();
  });
});

describe('inflections', () => {
  it('gives English plurals and singulars of words of four letters or more', () => {
    expect(inflections('potteries')).toContain('pottery');
    expect(inflections('cracker')).toContain('crackers');
    expect(inflections('dish')).toContain('dishes');
    expect(inflections('tea')).toEqual([]);
    expect(inflections('glass')).not.toContain('glas');
  });
});
