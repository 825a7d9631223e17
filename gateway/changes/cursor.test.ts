import { describe, expect, it } from 'vitest';
import { compareIds, decodeCursor, encodeCursor } from './cursor';
import { InvalidCursorError } from './errors';

describe('change cursors', () => {
  it('round-trip each economy position, equal positions giving equal cursors', () => {
    const a = encodeCursor(
      new Map([
        ['MY', '1700000000000-3'],
        ['JP', '1700000000001-0'],
      ]),
    );
    const b = encodeCursor(
      new Map([
        ['JP', '1700000000001-0'],
        ['MY', '1700000000000-3'],
      ]),
    );
    expect(a).toBe(b);
    expect(a).toMatch(/^c1\.[A-Za-z0-9_-]+$/);
    expect([...decodeCursor(a)]).toEqual([
      ['JP', '1700000000001-0'],
      ['MY', '1700000000000-3'],
    ]);
    expect(decodeCursor(encodeCursor(new Map())).size).toBe(0);
  });

  it('keeps the encoding cursors already issued have (unpadded base64url of the sorted positions)', () => {
    const text = 'JP=1700000000001-0;MY=1700000000000-3';
    const cursor = encodeCursor(
      new Map([
        ['MY', '1700000000000-3'],
        ['JP', '1700000000001-0'],
      ]),
    );
    expect(cursor).toBe(`c1.${btoa(text).replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_')}`);
    expect(cursor).toBe('c1.SlA9MTcwMDAwMDAwMDAwMS0wO01ZPTE3MDAwMDAwMDAwMDAtMw');
  });

  it.each([
    ['another scheme', 'x1.SlA9MS0w'],
    ['not base64url', 'c1.SlA9MS0w+/'],
    ['a bad economy', encodeCursor(new Map([['jp', '1-0']]))],
    ['a bad id', encodeCursor(new Map([['JP', '1']]))],
    ['an id too long for a number', encodeCursor(new Map([['JP', `${'9'.repeat(30)}-0`]]))],
    ['an economy twice', `c1.${btoa('JP=1-0;JP=2-0').replace(/=+$/, '')}`],
    ['extra text', `c1.${btoa('JP=1-0=2').replace(/=+$/, '')}`],
    ['too long', `c1.${'A'.repeat(5000)}`],
  ])('refuses %s', (_, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });

  it('orders ids by time, then sequence, as numbers', () => {
    expect(compareIds('999-0', '1000-0')).toBeLessThan(0);
    expect(compareIds('1000-10', '1000-9')).toBeGreaterThan(0);
    expect(compareIds('5-5', '5-5')).toBe(0);
  });
});
