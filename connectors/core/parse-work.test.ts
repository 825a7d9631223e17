import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storedText, foldKey } from '../../schemas/text/fold';
import { countWork } from '../../test/helpers/count-work';
import { certificationsFrom } from '../declarative/certifications';
import { valueAt } from '../declarative/dot-path';
import { readPrice } from './price-parse';
import { readQuantity } from './quantity-parse';

/**
 * Issue 28: parse work grows linearly with the text. Counted, never timed: the characters that the
 * parsers' string and regex operations scan (test/helpers/count-work.ts), for a text of 10 KB and
 * one of 100 KB. Linear work grows tenfold; the bound allows twice that, and quadratic work grows
 * a hundredfold.
 */
const SMALL = 10_000;
const LARGE = 100_000;
const BOUND = 20;

function growth(make: (size: number) => string, parse: (text: string) => unknown, sizes = [SMALL, LARGE]): number {
  const small = make(sizes[0]!);
  const large = make(sizes[1]!);
  return countWork(() => parse(large)) / countWork(() => parse(small));
}

/** Repeats `unit` up to about `size` characters, then `end`. */
const repeat =
  (unit: string, end = '') =>
  (size: number) =>
    unit.repeat(Math.ceil(size / unit.length)) + end;

describe('parse work is linear in the text', () => {
  it.each([
    ['currency markers: "rm " × n + "1" (issue 28, row 4)', repeat('rm ', '1')],
    ['markers at both ends', (size: number) => `${'rp '.repeat(size / 6)}1${' rp'.repeat(size / 6)}`],
    ['ISO codes: "myr " × n + "1"', repeat('myr ', '1')],
    ['digit groups: "1" + ",000" × n', (size: number) => `1${',000'.repeat(size / 4)}`],
    ['spaced groups: "1" + " 000" × n', (size: number) => `1${' 000'.repeat(size / 4)}`],
    ['a long fraction', (size: number) => `1.${'0'.repeat(size)}`],
    ['dollars: "$" × n + "1"', repeat('$', '1')],
    ['blanks of every kind', repeat(' \u00a0\u202f\t', '1')],
  ])('prices: %s', (_, make) => {
    expect(growth(make, (text) => readPrice(text, 'MYR'))).toBeLessThan(BOUND);
  });

  it.each([
    ['"1." + zeros + "1g" (issue 28, row 3)', (size: number) => `1.${'0'.repeat(size)}1g`],
    ['digits then blanks then a unit', (size: number) => `1${' '.repeat(size)}g`],
    ['digits then a long unit', (size: number) => `12${'グラム'.repeat(size / 3)}`],
    ['a digit, a comma, then tabs', (size: number) => `0\n${'\t'.repeat(size)},\n`],
  ])('quantities: %s', (_, make) => {
    expect(growth(make, (text) => readQuantity(text))).toBeLessThan(BOUND);
  });

  it('random texts of price and quantity pieces', () => {
    const pieces = ['rm', 'RM', ' ', 'rp.', '¥', '円', '$', 'usd ', 'đ', '₫', '1', '0', '.', ',', '000', 'k', 'g', 'kg', '枚'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }), (parts) => {
        const unit = parts.join('');
        const make = repeat(unit, '1');
        expect(growth(make, (text) => readPrice(text, 'VND'))).toBeLessThan(BOUND);
        expect(growth(make, (text) => readQuantity(text))).toBeLessThan(BOUND);
      }),
      { numRuns: 40 },
    );
  });

  it.each([
    ['stored text', (text: string) => storedText(text)],
    ['search keys', (text: string) => foldKey(text)],
    ['certificate lists', (text: string) => certificationsFrom(text)],
  ])('%s', (_, parse) => {
    expect(growth(repeat('Halal ĐÐ (x) ;,|'), parse)).toBeLessThan(BOUND);
  });

  it('dot paths into a record nested as deep as the text is long', () => {
    const nest = (size: number) => `{"a":${'['.repeat(size)}${']'.repeat(size)}}`;
    expect(growth(nest, (text) => valueAt(JSON.parse(text), 'a.0.0'))).toBeLessThan(BOUND);
  });

  it('counts the old marker loop as quadratic: the test can fail', () => {
    // The loop price-parse.ts had before issue 28: a regex over the whole text and a slice per marker.
    const oldStrip = (input: string) => {
      let text = input.trim().toLowerCase();
      for (let changed = true; changed; ) {
        changed = false;
        const iso = /^([a-z]{3})(?=[\s\d])|(?<=[\s\d])([a-z]{3})$/.exec(text);
        if (iso) continue;
        if (text.startsWith('rm') || text.endsWith('rm')) {
          text = (text.startsWith('rm') ? text.slice(2) : text.slice(0, -2)).trim();
          changed = true;
        }
      }
      return text;
    };
    // Smaller texts than above (1 KB and 10 KB), or the quadratic loop would take a while.
    expect(growth(repeat('rm ', '1'), oldStrip, [1_000, 10_000])).toBeGreaterThan(50);
    expect(growth(repeat('rm ', '1'), (text) => readPrice(text, 'MYR'), [1_000, 10_000])).toBeLessThan(BOUND);
  });
});
