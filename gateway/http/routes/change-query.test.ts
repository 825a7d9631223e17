import { describe, expect, it } from 'vitest';
import { ChangeQueryError, parseChangeQuery } from './change-query';

const parse = (query: string) => parseChangeQuery(new URL(`http://x/changes${query}`)).filter;

describe('parseChangeQuery: the filter', () => {
  it('is empty (it matches every change) for a query with no filter', () => {
    expect(Object.values(parse('?after=c1.abc')).every((v) => v === null || (Array.isArray(v) && v.length === 0))).toBe(true);
  });

  it('takes repeated parameters, enum names and CloudEvents types', () => {
    expect(parse('?economy=jp&economy=MY&connector=jp-ovop&type=UPDATED&type=ovop.product.removed&aspect=PRICE&destination=eu')).toEqual({
      economies: ['JP', 'MY'],
      connectors: ['jp-ovop'],
      types: ['UPDATED', 'REMOVED'],
      aspects: ['PRICE'],
      destination: 'EU',
    });
  });

  it.each([['?type=nope'], ['?aspect=COLOUR'], ['?economy=JPN'], ['?destination=EUR'], [`?connector=${'a'.repeat(100)}`], [`?${'economy=JP&'.repeat(101)}`]])(
    'refuses %s',
    (query) => {
      expect(() => parse(query)).toThrow(ChangeQueryError);
    },
  );
});
