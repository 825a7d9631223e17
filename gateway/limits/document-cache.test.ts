import { describe, expect, it } from 'vitest';
import { PARSED_BYTES_PER_CHAR } from '../collections/rough-bytes';
import { boundedDocumentCache } from './document-cache';

describe('boundedDocumentCache', () => {
  it('keeps at most maxEntries texts, and never a text longer than maxKeyLength', () => {
    const cache = boundedDocumentCache<number>({ maxEntries: 2, maxKeyLength: 10 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
    cache.set('x'.repeat(11), 4);
    expect(cache.get('x'.repeat(11))).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('holds long texts by bytes: a parsed document costs many times its text', () => {
    const text = (i: number) => `{ products(first: ${i}) { edges { node { id } } } }`.padEnd(16 * 1024);
    const cache = boundedDocumentCache<number>({ maxEntries: 1000, maxKeyLength: 16 * 1024, maxBytes: 8 * 1024 * 1024 });
    for (let i = 0; i < 1000; i++) cache.set(text(i), i);
    expect(cache.size).toBe(Math.floor((8 * 1024 * 1024) / (PARSED_BYTES_PER_CHAR * 16 * 1024))); // 5, not 1,000
    expect(cache.get(text(999))).toBe(999);
  });
});
