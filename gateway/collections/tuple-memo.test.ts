import { describe, expect, it } from 'vitest';
import { TupleMemo } from './tuple-memo';

describe('TupleMemo', () => {
  it('makes a value once per key and keeps it', () => {
    const memo = new TupleMemo<string>(10);
    let made = 0;
    const make = () => `v${++made}`;
    expect(memo.getOrCreate('a', 'b', 'c', make)).toBe('v1');
    expect(memo.getOrCreate('a', 'b', 'c', make)).toBe('v1');
    expect(memo.getOrCreate('a', 'b', 'd', make)).toBe('v2');
    expect(memo.getOrCreate('a', 'bc', '', make)).toBe('v3');
    expect(memo.size).toBe(3);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const memo = new TupleMemo<number>(100);
    for (let i = 0; i < 100_000; i++) memo.getOrCreate(`x${i}`, 'b', 'c', () => i);
    expect(memo.size).toBeLessThanOrEqual(100);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new TupleMemo(0)).toThrow(RangeError);
    expect(() => new TupleMemo({ maxEntries: 10, maxBytes: 0 })).toThrow(RangeError);
  });

  it('starts again once the bytes held would pass maxBytes, long keys counted', () => {
    const memo = new TupleMemo<string>({ maxEntries: 1_000_000, maxBytes: 64 * 1024 });
    for (let i = 0; i < 10_000; i++) memo.getOrCreate(`${i}:${'l'.repeat(1000)}`, 'JPY', '100', () => 'v');
    expect(memo.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(memo.size).toBeLessThan(40); // each key is over 2,000 bytes as UTF-16
  });

  it('never keeps a value larger than the whole bound, but still answers it', () => {
    const memo = new TupleMemo<string>({ maxEntries: 10, maxBytes: 100, sizeOf: (value) => value.length });
    const big = 'x'.repeat(101);
    expect(memo.getOrCreate('a', 'b', 'c', () => big)).toBe(big);
    expect(memo.size).toBe(0);
  });
});
