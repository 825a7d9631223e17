import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCIES } from '../../schemas/currencies';
import { parsePrice } from './price-parse';

const read = (text: string | number, currency: string) => {
  const r = parsePrice(text, currency);
  return r.ok ? `${r.money.amount} ${r.money.currency}` : 'refused';
};

describe('parsePrice', () => {
  it.each([
    ['150.000 ₫', 'VND', '150000 VND'],
    ['150.000đ', 'VND', '150000 VND'],
    ['1.250.000 đồng', 'VND', '1250000 VND'],
    ['85.000 VND', 'VND', '85000 VND'],
    ['150k', 'VND', '150000 VND'],
    ['Rp 25.000', 'IDR', '25000 IDR'],
    ['Rp25.000', 'IDR', '25000 IDR'],
    ['IDR 1.250.000', 'IDR', '1250000 IDR'],
    ['Rp 1.250.000,00', 'IDR', '1250000 IDR'],
    ['Rp 25,000', 'IDR', '25000 IDR'],
    ['RM 12.50', 'MYR', '12.5 MYR'],
    ['RM12.50', 'MYR', '12.5 MYR'],
    ['MYR 45.00', 'MYR', '45 MYR'],
    ['RM 1,250.00', 'MYR', '1250 MYR'],
    ['¥1,200', 'JPY', '1200 JPY'],
    ['1,200円', 'JPY', '1200 JPY'],
    ['￥１，２００', 'JPY', '1200 JPY'],
    ['1200円', 'JPY', '1200 JPY'],
    ['\\2,600', 'JPY', '2600 JPY'],
    ['฿1,250.00', 'THB', '1250 THB'],
    ['1,290 บาท', 'THB', '1290 THB'],
    ['₱350.00', 'PHP', '350 PHP'],
    ['12\u00a0500 ₫', 'VND', '12500 VND'],
    [1250, 'THB', '1250 THB'],
    [12.5, 'MYR', '12.5 MYR'],
    ['RM 12.50', 'JPY', '12.5 MYR'],
  ])('reads %s (%s) as %s', (text, currency, expected) => {
    expect(read(text, currency)).toBe(expected);
  });

  it.each([
    ['時価', 'JPY'],
    ['hubungi penjual', 'IDR'],
    ['liên hệ', 'VND'],
    ['RM dua belas', 'MYR'],
    ['RM 12.500', 'MYR'], // three decimals or thousands? not a guess
    ['Rp 25.5', 'IDR'],
    ['¥1.5', 'JPY'],
    ['1,20円', 'JPY'],
    ['$12.00', 'JPY'], // which dollar?
    ['RM 12 ₫', 'MYR'],
    ['150k', 'MYR'],
    ['', 'JPY'],
    [-5, 'JPY'],
    [Number.NaN, 'JPY'],
    ['1.2.3,4,5', 'VND'],
    ['\\2,600', 'MYR'],
    ['RM \\12', 'JPY'], // RM, then a yen sign decoded as a backslash: two currencies
  ])('refuses %s (%s) with a reason', (text, currency) => {
    const r = parsePrice(text, currency);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
  });

  const LOCALES: Record<string, string> = { JPY: 'ja-JP', IDR: 'id-ID', MYR: 'ms-MY', VND: 'vi-VN', THB: 'th-TH', PHP: 'fil-PH', USD: 'en-US' };

  it.each(Object.entries(LOCALES))('reads back every %s amount Intl formats in %s', (currency, locale) => {
    const { minorUnits } = CURRENCIES.get(currency)!;
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (minor) => {
        const digits = minor.toString().padStart(minorUnits + 1, '0');
        const amount = minorUnits ? `${digits.slice(0, -minorUnits)}.${digits.slice(-minorUnits)}` : digits;
        const formatted = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: minorUnits }).format(amount as unknown as number);
        const parsed = parsePrice(formatted, currency);
        const expected = amount.includes('.') ? amount.replace(/\.?0+$/, '') : amount;
        expect(parsed).toEqual({ ok: true, money: { amount: expected, currency } });
      }),
    );
  });
});
