import { describe, expect, it } from 'vitest';
import type { ProductChange } from './event';
import { activeFilter, ChangeFilterInput, matchesFilter } from './filter';

const base: ProductChange = {
  id: 'x',
  type: 'UPDATED',
  occurredAt: '2026-12-01T00:00:00.000Z',
  productId: 'my-ovop:1',
  economy: 'MY',
  connector: 'my-ovop',
  version: 2,
  aspects: ['PRICE'],
  changes: [],
  compliance: null,
  category: 'FOOD',
  certifications: ['HALAL'],
};
const compliance = (destination: string): ProductChange => ({
  ...base,
  type: 'COMPLIANCE_CHANGED',
  aspects: ['COMPLIANCE'],
  compliance: { destination, from: 'READY', to: 'BLOCKED', checks: [], effectiveAt: base.occurredAt },
});

describe('matchesFilter', () => {
  it.each([
    [{ economies: ['MY'] }, { economies: ['JP'] }],
    [{ connectors: ['my-ovop'] }, { connectors: ['jp-ovop'] }],
    [{ categories: ['FOOD'] }, { categories: ['TEXTILE'] }],
    [{ certifications: ['HALAL', 'JAS'] }, { certifications: ['JAS'] }],
    [{ types: ['UPDATED' as const] }, { types: ['CREATED' as const] }],
    [{ aspects: ['PRICE' as const, 'IMAGES' as const] }, { aspects: ['IMAGES' as const] }],
    [{ productIds: ['my-ovop:1'] }, { productIds: ['my-ovop:2'] }],
  ])('%j passes and %j does not', (pass, fail) => {
    expect(matchesFilter(base, pass)).toBe(true);
    expect(matchesFilter(base, fail)).toBe(false);
  });

  it('passes everything with no filter or empty lists, and needs every list to hold', () => {
    expect(matchesFilter(base, null)).toBe(true);
    expect(matchesFilter(base, { economies: [], types: [] })).toBe(true);
    expect(matchesFilter(base, { economies: ['MY'], types: ['REMOVED'] })).toBe(false);
    expect(matchesFilter({ ...base, category: null }, { categories: ['FOOD'] })).toBe(false);
  });

  it('keeps the compliance changes of the destination asked for, and the product changes', () => {
    expect(matchesFilter(compliance('MY'), { destination: 'MY' })).toBe(true);
    expect(matchesFilter(compliance('JP'), { destination: 'MY' })).toBe(false);
    expect(matchesFilter(base, { destination: 'MY' })).toBe(true);
    expect(matchesFilter(base, { destination: 'MY', types: ['COMPLIANCE_CHANGED'] })).toBe(false);
  });
});

describe('activeFilter', () => {
  it('is null for a filter that passes everything, and the filter itself otherwise', () => {
    expect(activeFilter(undefined)).toBeNull();
    expect(activeFilter({ economies: [], connectors: [], types: [], aspects: [], destination: null })).toBeNull();
    for (const filter of [{ economies: ['MY'] }, { productIds: ['my-ovop:1'] }, { destination: 'MY' }, { economies: [], categories: ['FOOD'] }]) {
      expect(activeFilter(filter)).toBe(filter);
    }
  });
});

describe('ChangeFilterInput', () => {
  it('takes a filter from outside, upper-casing economies and destinations', () => {
    expect(ChangeFilterInput.parse({ economies: ['my'], destination: 'jp', types: ['UPDATED'] })).toEqual({
      economies: ['MY'],
      destination: 'JP',
      types: ['UPDATED'],
    });
  });

  it('refuses unknown keys, unknown enums and lists past their bound', () => {
    expect(ChangeFilterInput.safeParse({ colour: 'red' }).success).toBe(false);
    expect(ChangeFilterInput.safeParse({ types: ['DELETED'] }).success).toBe(false);
    expect(ChangeFilterInput.safeParse({ productIds: Array.from({ length: 101 }, (_, i) => `a:${i}`) }).success).toBe(false);
    expect(ChangeFilterInput.safeParse({ economies: ['MYS'] }).success).toBe(false);
  });
});
