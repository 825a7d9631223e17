import { describe, expect, it } from 'vitest';
import { WeighedCache } from './weighed-cache';

describe('WeighedCache', () => {
  it('drops the least recently used past the byte bound', () => {
    const cache = new WeighedCache<string>({ maxEntries: 100, maxBytes: 1000, weigh: (v) => v.length });
    for (let i = 0; i < 20; i++) cache.set(`k${i.toString().padStart(2, '0')}`, 'x'.repeat(97));
    expect(cache.bytes).toBeLessThanOrEqual(1000);
    expect(cache.size).toBe(10);
    expect(cache.get('k00')).toBeUndefined();
    expect(cache.get('k19')).toBe('x'.repeat(97));
  });

  it('drops the least recently used past the entry bound, keeping what was read', () => {
    const cache = new WeighedCache<string>({ maxEntries: 2, maxBytes: 1000, weigh: (v) => v.length });
    cache.set('a', '1');
    cache.set('b', '2');
    cache.get('a');
    cache.set('c', '3');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['1', undefined, '3']);
    expect(cache.bytes).toBe(4);
  });

  it('keeps no value heavier than a tenth of the bound', () => {
    const cache = new WeighedCache<string>({ maxEntries: 100, maxBytes: 1000, weigh: (v) => v.length });
    cache.set('small', 'x');
    cache.set('huge', 'x'.repeat(200));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBe('x');
  });
});
