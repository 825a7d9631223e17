import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../../stores/memory';
import type { CacheStore } from '../../stores/ports';
import { LearnedDocuments, sha256Hex } from './use-automatic-persisted-queries';

describe('LearnedDocuments', () => {
  it('keeps learned texts within its byte bound, oldest dropped first', async () => {
    const learned = new LearnedDocuments({ maxBytes: 4096, maxDocumentLength: 1000 });
    const texts = Array.from({ length: 50 }, (_, i) => `{ economies { code } } # ${i} ${'x'.repeat(200)}`);
    const hashes = await Promise.all(texts.map(sha256Hex));
    for (const [i, text] of texts.entries()) learned.learn(hashes[i]!, text);
    expect(learned.stats().bytes).toBeLessThanOrEqual(4096);
    expect(learned.stats().entries).toBeGreaterThan(0);
    expect(learned.peek(hashes[0]!)).toBeUndefined();
    expect(learned.peek(hashes[49]!)).toBe(texts[49]);
  });

  it('does not learn a text longer than maxDocumentLength', async () => {
    const learned = new LearnedDocuments({ maxDocumentLength: 10 });
    const text = '{ economies { code } }';
    learned.learn(await sha256Hex(text), text);
    expect(learned.stats().entries).toBe(0);
  });

  it('writes only to a shared store, and checks what it reads back against the hash', async () => {
    const memory = new MemoryCache();
    const local = new LearnedDocuments({ store: memory });
    const text = '{ categories { code } }';
    const hash = await sha256Hex(text);
    local.learn(hash, text);
    expect(await memory.get(`apq:v1:${hash}`)).toBeUndefined();

    const behind = new MemoryCache();
    const shared: CacheStore = { shared: true, get: (k) => behind.get(k), set: (k, v, t) => behind.set(k, v, t), delete: (k) => behind.delete(k) };
    await shared.set(`apq:v1:${hash}`, new TextEncoder().encode('{ connectors { id } }'), 60);
    expect(await new LearnedDocuments({ store: shared }).get(hash)).toBeUndefined();
    await shared.set(`apq:v1:${hash}`, new TextEncoder().encode(text), 60);
    expect(await new LearnedDocuments({ store: shared }).get(hash)).toBe(text);
  });
});
