import { describe, expect, it } from 'vitest';
import { BUNDLED_RATES } from './rates/bundled';
import { crossRate } from './rates/table';
import { convertMoney, formatMoney, formatterCount, requestCurrency } from './currency';
import { multiplyRatio } from './decimal';

describe('convertMoney', () => {
  it('converts VND to USD with the rate, its date and source, rounded to cents', () => {
    const usd = convertMoney({ amount: '150000', currency: 'VND' }, 'USD', BUNDLED_RATES);
    // 150000 × 1.1612 / 30545 = 5.70240...
    expect(usd).toMatchObject({ amount: '5.70', currency: 'USD', original: { amount: '150000', currency: 'VND' } });
    expect(usd.rate).toMatchObject({ from: 'VND', to: 'USD', asOf: BUNDLED_RATES.asOf });
    expect(usd.rate!.source).toContain('State Bank of Vietnam');
  });
  it('shows IDR, JPY and VND without decimals', () => {
    expect(convertMoney({ amount: '12.5', currency: 'MYR' }, 'IDR', BUNDLED_RATES).amount).toMatch(/^\d+$/);
    expect(convertMoney({ amount: '12.5', currency: 'MYR' }, 'JPY', BUNDLED_RATES).amount).toMatch(/^\d+$/);
    expect(convertMoney({ amount: '25000', currency: 'IDR' }, null, BUNDLED_RATES)).toEqual({
      amount: '25000',
      currency: 'IDR',
      original: null,
      rate: null,
    });
  });
  it('keeps money in its own currency when none is asked for', () => {
    expect(convertMoney({ amount: '12.5', currency: 'MYR' }, undefined, BUNDLED_RATES).amount).toBe('12.50');
  });
  it('gives an inverse rate that is the exact inverse', () => {
    for (const [a, b] of [
      ['JPY', 'VND'],
      ['IDR', 'USD'],
      ['MYR', 'THB'],
      ['EUR', 'PHP'],
    ] as const) {
      const there = crossRate(BUNDLED_RATES, a, b)!.ratio;
      const back = crossRate(BUNDLED_RATES, b, a)!.ratio;
      expect(there.numerator).toEqual(back.denominator);
      expect(there.denominator).toEqual(back.numerator);
      expect(multiplyRatio(multiplyRatio('1', there, 40), back, 20)).toBe(`1.${'0'.repeat(20)}`);
    }
  });
});

describe('requestCurrency', () => {
  it('accepts every APEC currency and EUR, in any case', () => {
    for (const c of [
      'AUD',
      'BND',
      'CAD',
      'CLP',
      'CNY',
      'HKD',
      'IDR',
      'JPY',
      'KRW',
      'MXN',
      'MYR',
      'NZD',
      'PEN',
      'PGK',
      'PHP',
      'RUB',
      'SGD',
      'THB',
      'TWD',
      'USD',
      'VND',
      'EUR',
    ]) {
      expect(requestCurrency(c.toLowerCase(), BUNDLED_RATES)).toBe(c);
    }
  });
  it.each(['XXX', 'US', 'dollars', ''])('refuses %j with BAD_USER_INPUT', (code) => {
    expect(() => requestCurrency(code, BUNDLED_RATES)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
});

describe('formatMoney', () => {
  it('formats for the locale with the currency display decimals', () => {
    expect(formatMoney({ amount: '150000', currency: 'VND' }, 'vi')).toMatch(/^150\.000\s₫$/);
    expect(formatMoney({ amount: '25000', currency: 'IDR' }, 'id')).toMatch(/^Rp\s25\.000$/);
    expect(formatMoney({ amount: '5.70', currency: 'USD' }, 'en')).toBe('$5.70');
  });

  it('keeps at most 256 formatters whatever locales a flood of requests names', () => {
    for (let i = 0; i < 1500; i++) formatMoney({ amount: '1.00', currency: 'USD' }, `en-x-a${i}`);
    expect(formatterCount()).toBe(256);
    expect(formatMoney({ amount: '5.70', currency: 'USD' }, 'en')).toBe('$5.70');
  });
});
