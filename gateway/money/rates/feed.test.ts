import { describe, expect, it } from 'vitest';
import { BUNDLED_RATES } from './bundled';
import { mergeRateTables, parseRateFeed } from './feed';
import { crossRate } from './table';
import { ECB_XML } from '../../../test/fixtures/ecb';

describe('parseRateFeed', () => {
  it('reads the ECB daily XML', () => {
    const table = parseRateFeed(ECB_XML, 'application/xml');
    expect(table).toMatchObject({ base: 'EUR', asOf: '2026-11-23', source: 'European Central Bank euro reference rates' });
    expect(table.rates.USD).toBe('1.1500');
  });
  it('reads plain JSON, numbers included', () => {
    const table = parseRateFeed(JSON.stringify({ base: 'USD', asOf: '2026-11-23', source: 'SBV', rates: { VND: 26250, EUR: '0.86' } }));
    expect(table.rates).toEqual({ VND: '26250', EUR: '0.86' });
  });
  it.each([
    '<html>oops</html>',
    '{"base":"USD"}',
    '{"base":"USD","asOf":"yesterday","rates":{}}',
    '{ not json',
    '{"base":"EUR","asOf":"2026-11-23","rates":{"USD":"-1"}}',
  ])('refuses %s', (body) => expect(() => parseRateFeed(body)).toThrow());
});

describe('mergeRateTables', () => {
  it('completes the ECB table with the bundled currencies it lacks, each with its own source and date', () => {
    const merged = mergeRateTables(parseRateFeed(ECB_XML), BUNDLED_RATES);
    expect(crossRate(merged, 'JPY', 'USD')).toMatchObject({ asOf: '2026-11-23', source: 'European Central Bank euro reference rates' });
    const vnd = crossRate(merged, 'VND', 'USD')!;
    expect(vnd.source).toContain('State Bank of Vietnam');
    expect(vnd.asOf).toBe(BUNDLED_RATES.asOf);
  });
  it('rebases the fallback when the live base differs', () => {
    const live = parseRateFeed(JSON.stringify({ base: 'USD', asOf: '2026-11-23', rates: { VND: '26250' } }));
    const merged = mergeRateTables(live, BUNDLED_RATES);
    expect(merged.rates.JPY).toBeDefined();
    expect(merged.rates.EUR).toBeDefined();
  });
});
