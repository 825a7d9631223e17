import { frame, unframe } from './framing';
import { BoundedMap } from '../../collections/bounded-map';
import type { CacheStore } from '../../stores/ports';
import type { DocumentBlocks, MemoryBlocks } from './document-blocks';

/**
 * Document blocks a stored page holds by default: 64 blocks of 16 products, some 100 KB compressed,
 * for a store whose every read is a round trip (Workers KV). A shard's SQLite rows are read in
 * microseconds, and keep smaller pages (`storeBlocks`'s `pageBlocks`).
 */
export const PAGE_BLOCKS = 64;
/** Pages written at once while a harvest stores its documents. */
const WRITES_AT_ONCE = 8;
/** Pages held in this process, across catalogues, at most: a page is what one look-up fetches. */
const CACHED_PAGES = 1024;
/** Bytes of cached pages, whatever their count: a page's size is the writer's choice (some 40 of KV's, a thousand of a shard's). */
const CACHED_PAGE_BYTES = 4 * 1024 * 1024;

/** A stored page: its blocks' bytes, by their place in the page. */
interface Page {
  block(i: number): Uint8Array;
  /** The stored page's size: its blocks are views of these bytes. */
  readonly byteLength: number;
}

/**
 * Pages most recently read, shared by every catalogue. Only read pages are shared, never a read
 * under way: on Workers a KV read belongs to the request that started it and is cancelled with it,
 * so another request awaiting it could wait forever.
 */
const pages = new BoundedMap<string, Page>({ maxEntries: CACHED_PAGES, maxBytes: CACHED_PAGE_BYTES, sizeOf: (page, key) => page.byteLength + 2 * key.length });

/**
 * A snapshot's document blocks kept in the cache store (Workers KV) rather than in the process:
 * pages of `PAGE_BLOCKS` blocks under `key:n`, fetched a page at a time when a look-up needs one of
 * its blocks, behind a small bounded cache of pages. The key is the snapshot's own, never reused,
 * so a page is never read before it is written, nor replaced while an older snapshot reads it.
 */
export class StoredBlocks implements DocumentBlocks {
  /** `pageBlocks`: how many blocks each stored page holds, as written. @default PAGE_BLOCKS */
  constructor(
    private readonly store: CacheStore,
    readonly key: string,
    readonly count: number,
    readonly pageBlocks = PAGE_BLOCKS,
  ) {
    if (!(Number.isInteger(pageBlocks) && pageBlocks >= 1)) throw new RangeError(`a stored page holds a whole number of blocks, not ${pageBlocks}`);
  }

  /** The blocks' compressed bytes, each page fetched once for the whole look-up. */
  async readMany(blocks: readonly number[]): Promise<Uint8Array[]> {
    const reads = new Map<number, Promise<Page>>();
    return Promise.all(
      blocks.map(async (block) => {
        if (!(block >= 0 && block < this.count)) throw new RangeError(`no document block ${block}`);
        const n = Math.floor(block / this.pageBlocks);
        let page = reads.get(n);
        if (!page) reads.set(n, (page = this.page(n)));
        return (await page).block(block % this.pageBlocks);
      }),
    );
  }

  private async page(n: number): Promise<Page> {
    const key = `${this.key}:${n}`;
    const cached = pages.get(key);
    if (cached) return cached;
    const bytes = await this.store.get(key);
    if (!bytes) throw new Error(`document page ${key} is missing from the cache store`);
    const page = unpackPage(bytes);
    pages.set(key, page);
    return page;
  }
}

/**
 * Writes a catalogue's blocks to the store under `key`, a page of `pageBlocks` at a time (a few at
 * once), and answers the stored blocks that read them back; the memory blocks may then be let go.
 * A look-up reads whole pages: large ones suit a store whose reads are round trips, small ones a
 * local database (a shard's SQLite, where a 100 KB page read for one record was most of a search's
 * reading). @default pageBlocks PAGE_BLOCKS
 */
export async function storeBlocks(
  store: CacheStore,
  key: string,
  blocks: MemoryBlocks,
  { ttlSeconds, pageBlocks = PAGE_BLOCKS }: { ttlSeconds: number; pageBlocks?: number },
): Promise<StoredBlocks> {
  const count = Math.ceil(blocks.count / pageBlocks);
  let next = 0;
  const writer = async () => {
    while (next < count) {
      const n = next++;
      const page = Array.from({ length: Math.min(pageBlocks, blocks.count - n * pageBlocks) }, (_, i) => blocks.at(n * pageBlocks + i));
      await store.set(`${key}:${n}`, packPage(page), ttlSeconds);
    }
  };
  const stored = new StoredBlocks(store, key, blocks.count, pageBlocks);
  await Promise.all(Array.from({ length: Math.min(WRITES_AT_ONCE, count) }, writer));
  return stored;
}

/** Blocks as one stored value (see `frame`). */
export function packPage(blocks: readonly Uint8Array[]): Uint8Array {
  return frame(blocks);
}

/** `packPage` undone, each block a view of the page's bytes. */
export function unpackPage(bytes: Uint8Array): Page {
  const framed = unframe(bytes);
  return { block: (i) => framed.part(i), byteLength: bytes.byteLength };
}
