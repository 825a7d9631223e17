import { describe, expect, it } from 'vitest';
import { DegradingCache, MAX_MIRRORED_BYTES } from './degrading-cache';
import { MemoryCache } from './memory';
import type { CacheStore } from './ports';

/** A primary that can be switched off. */
function switchable(): CacheStore & { down: boolean } {
  const memory = new MemoryCache();
  const primary = {
    shared: true,
    down: false,
    get: (key: string) => (primary.down ? Promise.reject(new Error('down')) : memory.get(key)),
    set: (key: string, value: Uint8Array, ttl: number) => (primary.down ? Promise.reject(new Error('down')) : memory.set(key, value, ttl)),
    delete: (key: string) => (primary.down ? Promise.reject(new Error('down')) : memory.delete(key)),
  };
  return primary;
}

describe('DegradingCache', () => {
  it('answers small values from memory while the primary is away', async () => {
    const primary = switchable();
    const cache = new DegradingCache(primary, () => {});
    await cache.set('rates', new Uint8Array([1, 2]), 60);
    primary.down = true;
    expect(await cache.get('rates')).toEqual(new Uint8Array([1, 2]));
    expect(cache.isDegraded).toBe(true);
  });

  it('keeps no copy of a large value (a snapshot), and drops an older small one under its key', async () => {
    const primary = switchable();
    const cache = new DegradingCache(primary, () => {});
    await cache.set('snapshot:x', new Uint8Array([1]), 60);
    await cache.set('snapshot:x', new Uint8Array(MAX_MIRRORED_BYTES + 1), 60);
    expect((await cache.get('snapshot:x'))?.byteLength).toBe(MAX_MIRRORED_BYTES + 1);
    primary.down = true;
    expect(await cache.get('snapshot:x')).toBeUndefined();
  });

  it('reports a large value the primary refused (nothing kept it), never a small one', async () => {
    const primary = switchable();
    primary.down = true;
    const cache = new DegradingCache(primary, () => {});
    await expect(cache.set('documents:x:0', new Uint8Array(MAX_MIRRORED_BYTES + 1), 60)).rejects.toThrow(/refused/);
    await expect(cache.set('rates', new Uint8Array([1]), 60)).resolves.toBeUndefined();
  });
});
