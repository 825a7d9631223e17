import { describe, expect, it } from 'vitest';
import { SliceCache } from './slice-cache';

/** Slices of `size` bytes each, named by their connector; counts the loads of each. */
function cache(budgetBytes: number, size = 10) {
  const loads = new Map<string, number>();
  const evicted: string[] = [];
  const slices = new SliceCache<{ connector: string; bytes: number }>({
    load: async (connector) => {
      loads.set(connector, (loads.get(connector) ?? 0) + 1);
      return connector === 'none' ? undefined : { connector, bytes: size };
    },
    sizeOf: (slice) => slice.bytes,
    budgetBytes,
    evicted: (connector) => evicted.push(connector),
  });
  return { slices, loads, evicted };
}

describe('SliceCache', () => {
  it('keeps slices within its budget, letting the least recently used go, and reads them again when asked', async () => {
    const { slices, loads, evicted } = cache(25);
    await slices.get(['a', 'b']);
    await slices.get(['a']);
    await slices.get(['c']);
    // a was used after b: b goes first.
    expect(evicted).toEqual(['b']);
    expect(slices.bytes).toBe(20);
    expect(slices.over).toBe(false);
    expect((await slices.get(['b']))[0]).toEqual({ connector: 'b', bytes: 10 });
    expect(loads.get('b')).toBe(2);
    expect(loads.get('a')).toBe(1);
    expect(slices.bytes).toBeLessThanOrEqual(25);
  });

  it('holds every slice one call reads, over the budget, and says so', async () => {
    const { slices, evicted } = cache(15);
    const got = await slices.get(['a', 'b', 'c']);
    expect(got.map((s) => s?.connector)).toEqual(['a', 'b', 'c']);
    expect(evicted).toEqual([]);
    expect(slices.bytes).toBe(30);
    expect(slices.over).toBe(true);
    await slices.get(['c']);
    expect(slices.bytes).toBe(10);
    expect(slices.over).toBe(false);
  });

  it('reads a slice once for concurrent callers, counts nothing for a connector with no slice, and forgets a deleted one', async () => {
    const { slices, loads } = cache(100);
    await Promise.all([slices.get(['a', 'none']), slices.get(['a'])]);
    expect(loads.get('a')).toBe(1);
    expect(slices.bytes).toBe(10);
    slices.delete('a');
    expect(slices.bytes).toBe(0);
    await slices.get(['a']);
    expect(loads.get('a')).toBe(2);
  });
});
