import { describe, expect, it } from 'vitest';
import { crossRate, type RateTable } from './table';

const table = (rates: Record<string, string>): RateTable => ({
  base: 'USD',
  asOf: '2026-12-01',
  source: 'test',
  sources: {},
  dates: { JPY: '2026-11-30' },
  rates,
});

describe('crossRate', () => {
  it('works a pair out once per table, the same frozen rate each time, and anew for a new table', () => {
    const first = table({ JPY: '150', EUR: '0.9' });
    const rate = crossRate(first, 'JPY', 'EUR')!;
    expect(rate).toMatchObject({ from: 'JPY', to: 'EUR', asOf: '2026-11-30', source: 'test' });
    expect(Object.isFrozen(rate)).toBe(true);
    expect(crossRate(first, 'JPY', 'EUR')).toBe(rate);
    const next = crossRate(table({ JPY: '155', EUR: '0.9' }), 'JPY', 'EUR')!;
    expect(next.ratio).not.toEqual(rate.ratio);
  });

  it('has no rate for a currency the table lacks, and keeps nothing for it', () => {
    const t = table({ JPY: '150' });
    expect(crossRate(t, 'JPY', 'XYZ')).toBeUndefined();
    expect(crossRate(t, 'constructor', 'USD')).toBeUndefined();
  });
});
