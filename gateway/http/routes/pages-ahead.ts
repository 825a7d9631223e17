import { BoundedMap } from '../../collections/bounded-map';

/** A page of the change feed built ahead: its answer's bytes, where it ends, and what it was built from. */
export interface PageAhead {
  body: Uint8Array<ArrayBuffer>;
  next: string;
  hasMore: boolean;
  /** It holds as many events as asked for (a reader catching up), so the page after it is worth building too. */
  full: boolean;
  /** The index and rates it was built with: served only while they are still the instance's. */
  stamp: string;
}

export interface PagesAheadOptions {
  /** Bytes of pages held, built or being built. @default 16 MiB */
  maxBytes?: number;
  /** Bytes a page still being built counts for. @default 1 MiB */
  pendingBytes?: number;
}

/**
 * Pages of `/changes` built before they are asked for: a reader catching up asks for page after
 * page on one connection, each after parsing the last, so the next page's log read and documents
 * are made while it parses, and the instance does not sit idle between its requests. A page is
 * built ahead only after a full page (at most one page's work for a reader that stops), keyed by
 * everything that shapes its answer, taken once, and served only while the index and rates it was
 * built with are the instance's. Bounded in bytes; a page dropped is built again when asked.
 * Node only: a Workers request cannot await what another request began.
 */
export class PagesAhead {
  readonly #pages: BoundedMap<string, Promise<PageAhead | null>>;

  constructor({ maxBytes = 16 * 1024 * 1024, pendingBytes = 1024 * 1024 }: PagesAheadOptions = {}) {
    this.#pages = new BoundedMap({ maxBytes, sizeOf: (_, key) => 2 * key.length + pendingBytes });
  }

  /** Bytes held (pages being built count `pendingBytes`). */
  get bytes(): number {
    return this.#pages.bytes;
  }

  /** The page built ahead under `key` if it was built with `stamp`, taken out; null when there is none to serve. */
  async take(key: string, stamp: string): Promise<PageAhead | null> {
    const pending = this.#pages.get(key);
    if (!pending) return null;
    this.#pages.delete(key);
    const page = await pending;
    return page?.stamp === stamp ? page : null;
  }

  /** Builds the page under `key` now, unless it is held or being built; a failure is dropped (the reader's own request meets it). */
  start(key: string, build: () => Promise<PageAhead>): void {
    if (this.#pages.has(key)) return;
    const pending = build().catch(() => null);
    this.#pages.set(key, pending);
    void pending.then((page) => {
      if (this.#pages.peek(key) !== pending) return;
      if (page) this.#pages.set(key, pending, 2 * key.length + page.body.byteLength);
      else this.#pages.delete(key);
    });
  }
}
