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
  });
});
