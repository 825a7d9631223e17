import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimal, multiplyRatio, ratioToString, toScaled } from './decimal';

const ratio = (n: string, d: string) => ({ numerator: toScaled(n), denominator: toScaled(d) });

describe('multiplyRatio', () => {
  it('rounds half to even at the last kept place', () => {
    expect(multiplyRatio('0.125', ratio('1', '1'), 2)).toBe('0.12');
    expect(multiplyRatio('0.135', ratio('1', '1'), 2)).toBe('0.14');
    expect(multiplyRatio('2.5', ratio('1', '1'), 0)).toBe('2');
    expect(multiplyRatio('3.5', ratio('1', '1'), 0)).toBe('4');
  });
  it('converts through a ratio exactly', () => {
    // 150000 VND at 30500 VND/EUR and 1.16 USD/EUR: 150000 × 1.16 / 30500 = 5.7049... USD
    expect(multiplyRatio('150000', ratio('1.16', '30500'), 2)).toBe('5.70');
  });
  it('a ratio and its inverse give back the amount, to the rounding', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (a, b) => {
        const r = ratio(`${a}.5`, `${b}`);
        const inverse = { numerator: r.denominator, denominator: r.numerator };
        const there = multiplyRatio('1000', r, 30);
        expect(compareDecimal(multiplyRatio(there, inverse, 20), '1000')).toBe(0);
      }),
    );
  });
});

describe('ratioToString', () => {
  it('keeps twelve significant digits', () => {
    expect(ratioToString(ratio('1', '3'))).toBe('0.333333333333');
    expect(ratioToString(ratio('30500', '1.16'))).toBe('26293.1034483');
    expect(ratioToString(ratio('2', '1'))).toBe('2');
  });
});
