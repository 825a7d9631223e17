import { describe, expect, it, vi } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { MemoryCache } from '../../stores/memory';
import { decodeCatalogue, encodeCatalogue, readCatalogue } from './catalogue-codec';
import { MemoryBlocks } from './document-blocks';
import { catalogueOf, readDocuments } from '../catalogue/snapshot-catalogue';
import { PAGE_BLOCKS, packPage, StoredBlocks, storeBlocks, unpackPage } from './stored-blocks';

const bytes = (n: number) => Uint8Array.from({ length: 1 + (n % 5) }, (_, i) => (n * 7 + i) & 0xff);

describe('document blocks in the cache store', () => {
  it('packs a page and reads each block back', () => {
    const blocks = [bytes(1), new Uint8Array(0), bytes(3)];
    const page = unpackPage(packPage(blocks));
    expect([0, 1, 2].map((i) => page.block(i))).toEqual(blocks);
    expect(() => page.block(3)).toThrow(RangeError);
    expect(() => unpackPage(packPage(blocks).subarray(0, 8))).toThrow(RangeError);
  });

  it('stores blocks a page under a key each and reads any block back, a page fetched once', async () => {
    const store = new MemoryCache();
    const all = Array.from({ length: PAGE_BLOCKS * 2 + 3 }, (_, i) => bytes(i));
    const stored = await storeBlocks(store, 'documents:t:1', new MemoryBlocks(all), { ttlSeconds: 60 });
    expect(stored.count).toBe(all.length);
    expect(await store.get('documents:t:1:2')).toBeDefined();
    expect(await store.get('documents:t:1:3')).toBeUndefined();
    const get = vi.spyOn(store, 'get');
    expect(await stored.readMany(all.map((_, i) => i))).toEqual(all);
    expect(get).toHaveBeenCalledTimes(3);
    await expect(stored.readMany([all.length])).rejects.toThrow(RangeError);
  });

  it('stores pages of the size asked, and a snapshot read back reads them so', async () => {
    const store = new MemoryCache();
    const all = Array.from({ length: 7 }, (_, i) => bytes(i));
    const stored = await storeBlocks(store, 'documents:t:small', new MemoryBlocks(all), { ttlSeconds: 60, pageBlocks: 3 });
    expect(await store.get('documents:t:small:2')).toBeDefined();
    expect(await store.get('documents:t:small:3')).toBeUndefined();
    const get = vi.spyOn(store, 'get');
    expect(await stored.readMany([6, 0])).toEqual([all[6], all[0]]);
    expect(get).toHaveBeenCalledTimes(2);
    await expect(storeBlocks(store, 'documents:t:none', new MemoryBlocks(all), { ttlSeconds: 60, pageBlocks: 0 })).rejects.toThrow(RangeError);
  });

  it('shares read pages between look-ups, never a read under way (a Worker cancels it with its request)', async () => {
    const store = new MemoryCache();
    const stored = await storeBlocks(store, 'documents:t:shared', new MemoryBlocks([bytes(1), bytes(2)]), { ttlSeconds: 60 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const get = vi.spyOn(store, 'get').mockImplementation(async (key) => {
      await held;
      return MemoryCache.prototype.get.call(store, key);
    });
    const first = stored.readMany([0]);
    const second = stored.readMany([1]);
    await Promise.resolve();
    expect(get).toHaveBeenCalledTimes(2);
    release();
    expect(await Promise.all([first, second])).toEqual([[bytes(1)], [bytes(2)]]);
    get.mockClear();
    expect(await stored.readMany([0, 1])).toEqual([bytes(1), bytes(2)]);
    expect(get).not.toHaveBeenCalled();
  });

  it('fails a read whose page is missing, and reads it once it is there', async () => {
    const store = new MemoryCache();
    const stored = new StoredBlocks(store, 'documents:t:late', 1);
    await expect(stored.readMany([0])).rejects.toThrow(/missing/);
    await store.set('documents:t:late:0', packPage([bytes(9)]), 60);
    expect(await stored.readMany([0])).toEqual([bytes(9)]);
  });

  it('a snapshot whose documents are stored encodes without them and reads them from the store', async () => {
    const products = Array.from(
      { length: 50 },
      (_, i) =>
        ({
          id: `th-otop:${String(i).padStart(3, '0')}`,
          economy: 'TH',
          language: 'th',
          name: { en: `Honey ${i}` },
          origin: { country: 'TH' },
          certifications: [],
        }) as unknown as CanonicalProduct,
    );
    const inMemory = await catalogueOf(products);
    const store = new MemoryCache();
    const catalogue = { ...inMemory, blocks: await storeBlocks(store, 'documents:th-otop:x', inMemory.blocks as MemoryBlocks, { ttlSeconds: 60 }) };
    const snapshot = { connector: 'th-otop', catalogue, quarantined: [], records: 50, fetchedAt: '2026-12-04T10:00:00Z' };
    const encoded = encodeCatalogue(snapshot);
    expect(encoded.byteLength).toBeLessThan(encodeCatalogue({ ...snapshot, catalogue: inMemory }).byteLength);
    expect(decodeCatalogue(encoded)).toBeUndefined();
    const back = decodeCatalogue(encoded, { store })!.catalogue;
    expect(back.blocks).toBeInstanceOf(StoredBlocks);
    expect(await readDocuments(back, [0, 17, 49])).toEqual(await readDocuments(inMemory, [0, 17, 49]));
  });

  it('keeps the page size with a snapshot whose documents are stored, and refuses a stored head whose page size is no count', async () => {
    const products = Array.from(
      { length: 50 },
      (_, i) =>
        ({
          id: `th-otop:${i}`,
          economy: 'TH',
          language: 'th',
          name: { en: `Tea ${i}` },
          origin: { country: 'TH' },
          certifications: [],
        }) as unknown as CanonicalProduct,
    );
    const inMemory = await catalogueOf(products);
    const store = new MemoryCache();
    const catalogue = {
      ...inMemory,
      blocks: await storeBlocks(store, 'documents:th-otop:y', inMemory.blocks as MemoryBlocks, { ttlSeconds: 60, pageBlocks: 1 }),
    };
    const snapshot = { connector: 'th-otop', catalogue, quarantined: [], records: 50, fetchedAt: '2026-12-04T10:00:00Z' };
    const encoded = encodeCatalogue(snapshot);
    const back = decodeCatalogue(encoded, { store })!.catalogue;
    expect((back.blocks as StoredBlocks).pageBlocks).toBe(1);
    expect(await readDocuments(back, [0, 17, 49])).toEqual(await readDocuments(inMemory, [0, 17, 49]));
    // The head is JSON at the start of the bytes: one whose page size is not a count of blocks is refused.
    const field = new TextEncoder().encode('"pageBlocks":1');
    const at = encoded.findIndex((_, i) => field.every((byte, j) => encoded[i + j] === byte));
    expect(at).toBeGreaterThan(0);
    const forged = encoded.slice();
    forged[at + field.length - 1] = '0'.charCodeAt(0);
    expect(() => readCatalogue(forged, { store })).toThrow(RangeError);
  });
});
