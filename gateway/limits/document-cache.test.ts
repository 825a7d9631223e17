import { describe, expect, it } from 'vitest';
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
});
