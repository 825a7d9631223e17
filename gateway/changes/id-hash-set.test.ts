import { describe, expect, it } from 'vitest';
import { IdHashSet } from './id-hash-set';

const ids = (n: number, prefix = 'jp-ovop:P-') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);

describe('IdHashSet', () => {
  it('adds each id once and answers whether it holds one', () => {
    const set = new IdHashSet();
    expect(set.add('jp-ovop:P-1')).toBe(true);
    expect(set.add('jp-ovop:P-1')).toBe(false);
    expect(set.add('jp-ovop:P-2')).toBe(true);
    expect([set.has('jp-ovop:P-1'), set.has('jp-ovop:P-2'), set.has('jp-ovop:P-3'), set.has('')]).toEqual([true, true, false, false]);
    expect(set.add('')).toBe(true);
    expect(set.has('')).toBe(true);
    expect(set.size).toBe(3);
  });

  it('grows by doubling and loses no id, at 11 to 21 bytes an id', () => {
    const set = new IdHashSet();
    const held = ids(50_000);
    expect(held.every((id) => set.add(id))).toBe(true);
    expect(set.size).toBe(held.length);
    expect(held.every((id) => set.has(id))).toBe(true);
    expect(held.every((id) => !set.add(id))).toBe(true);
    // Ids it never held, alike but for a prefix: none taken for held (64-bit hashes: a collision is about 2⁻⁶⁵ n²).
    expect(ids(50_000, 'jp-other:P-').some((id) => set.has(id))).toBe(false);
    // 8 bytes a slot, at most three quarters used, at least three eighths after a doubling.
    expect(set.bytes / set.size).toBeGreaterThanOrEqual(8 / 0.75);
    expect(set.bytes / set.size).toBeLessThanOrEqual(8 / 0.375);
  });
});
