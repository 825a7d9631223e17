import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map';

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
  });
});
