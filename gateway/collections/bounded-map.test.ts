import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map';
import { roughBytes } from './rough-bytes';

describe('BoundedMap', () => {
  it('never holds more than its bound, dropping the least recently used', () => {
    const evicted: string[] = [];
    const map = new BoundedMap<string, number>(2, (key) => evicted.push(key));
    map.set('a', 1).set('b', 2);
    expect(map.get('a')).toBe(1); // a is now the most recent
    map.set('c', 3);
    expect(map.size).toBe(2);
    expect(map.has('b')).toBe(false);
    expect(evicted).toEqual(['b']);
    expect([...map.values()]).toEqual([1, 3]);
  });

  it('peeks without changing which entry goes first', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2);
    expect(map.peek('a')).toBe(1);
    map.set('c', 3);
    expect(map.has('a')).toBe(false);
    expect(map.peek('b')).toBe(2);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const map = new BoundedMap<string, string>(100);
    for (let i = 0; i < 100_000; i++) map.getOrCreate(`en-x-a${i}`, (k) => k);
    expect(map.size).toBe(100);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
    expect(() => new BoundedMap({ maxBytes: 0 })).toThrow(RangeError);
    expect(() => new BoundedMap({})).toThrow(RangeError);
  });
});

describe('BoundedMap bounded by bytes', () => {
  const length = (value: string, key: string) => key.length + value.length;

  it('drops the least recently used until the bytes fit, whatever the entry count', () => {
    const evicted: string[] = [];
    const map = new BoundedMap<string, string>({ maxBytes: 10, sizeOf: length, onEvict: (key) => evicted.push(key) });
    map.set('a', 'xxxx').set('b', 'xxxx'); // 5 + 5
    expect(map.bytes).toBe(10);
    map.get('a');
    map.set('c', 'xx'); // 3 more: b (least recently used) goes
    expect(evicted).toEqual(['b']);
    expect(map.bytes).toBe(8);
    map.set('d', 'xxxxxxxx'); // 9: a and c go
    expect(evicted).toEqual(['b', 'a', 'c']);
    expect([...map.values()]).toEqual(['xxxxxxxx']);
    expect(map.bytes).toBe(9);
  });

  it('counts an overwrite once and a delete back down', () => {
    const map = new BoundedMap<string, string>({ maxBytes: 100, sizeOf: length });
    map.set('k', 'abc').set('k', 'abcdef');
    expect(map.bytes).toBe(7);
    map.delete('k');
    expect(map.bytes).toBe(0);
    map.set('k', 'a').clear();
    expect(map.bytes).toBe(0);
  });

  it('never keeps an entry larger than the whole bound, nor the older value under its key', () => {
    const map = new BoundedMap<string, string>({ maxBytes: 10, sizeOf: length });
    map.set('k', 'small').set('other', 'v');
    map.set('k', 'x'.repeat(100));
    expect(map.has('k')).toBe(false);
    expect(map.peek('other')).toBe('v');
    expect(map.bytes).toBe(6);
  });

  it('bounds by entries and bytes together, whichever is reached first', () => {
    const map = new BoundedMap<string, string>({ maxEntries: 3, maxBytes: 1000, sizeOf: length });
    for (const key of ['a', 'b', 'c', 'd']) map.set(key, 'v');
    expect(map.size).toBe(3);
    map.set('big', 'x'.repeat(997)); // 1,000 bytes: every other entry goes
    expect([...map.values()]).toEqual(['x'.repeat(997)]);
  });

  it('takes an entry size the caller already knows instead of calling sizeOf', () => {
    const map = new BoundedMap<string, string>({ maxBytes: 100, sizeOf: () => 1 });
    map.set('a', 'v', 60).set('b', 'v', 60);
    expect([...map.values()]).toHaveLength(1);
    expect(map.bytes).toBe(60);
  });

  it('counts keys by default, so that a flood of long distinct keys stays within the bound', () => {
    const map = new BoundedMap<string, true>({ maxBytes: 64 * 1024 });
    for (let i = 0; i < 10_000; i++) map.set(`${i}:${'k'.repeat(1000)}`, true);
    expect(map.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(map.size).toBeGreaterThan(0);
    expect(map.size).toBeLessThan(40); // each key is over 2,000 bytes as UTF-16
  });
});

describe('roughBytes', () => {
  it('counts strings as UTF-16, byte arrays by length and walks plain values', () => {
    expect(roughBytes('ab')).toBeGreaterThanOrEqual(4);
    expect(roughBytes('日本')).toBe(roughBytes('ab'));
    expect(roughBytes(new Uint8Array(1000))).toBeGreaterThanOrEqual(1000);
    expect(roughBytes(['x'.repeat(500), 'y'.repeat(500)])).toBeGreaterThanOrEqual(2000);
    expect(roughBytes({ name: 'x'.repeat(1000), tags: ['a'] })).toBeGreaterThanOrEqual(2000);
  });

  it('stops at a depth, so that a cycle or a deep value costs bounded time', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(roughBytes(cycle)).toBeGreaterThan(0);
  });
});
