import { BoundedMap } from '../../collections/bounded-map';

export interface PagesAheadOptions<T> {
  /** Bytes held, built or being built. */
  maxBytes: number;
  /** Bytes a page still being built counts for. */
  pendingBytes: number;
  /** Bytes a built page holds. */
  sizeOf: (page: T) => number;
}

/**
 * Pages of `/changes` made before they are asked for: a reader catching up asks for page after
 * page on one connection, each after parsing the last, so the next page's log read and documents
 * are made while it parses, and the instance does not sit idle between its requests. Keyed by
 * everything that shapes the page, taken once (the caller checks it is still good to serve: its
 * index and rates, or its log read full). Bounded in bytes; a page dropped is made again when
 * asked. Node only: a Workers request cannot await what another request began.
 */
export class PagesAhead<T> {
  readonly #pages: BoundedMap<string, Promise<T | null>>;
  readonly #sizeOf: (page: T) => number;

  constructor({ maxBytes, pendingBytes, sizeOf }: PagesAheadOptions<T>) {
    this.#sizeOf = sizeOf;
    this.#pages = new BoundedMap({ maxBytes, sizeOf: (_, key) => 2 * key.length + pendingBytes });
  }

  /** Bytes held (pages being made count `pendingBytes`). */
  get bytes(): number {
    return this.#pages.bytes;
  }

  /** The page made ahead under `key`, taken out; null when there is none (or making it failed). */
  async take(key: string): Promise<T | null> {
    const pending = this.#pages.get(key);
    if (!pending) return null;
    this.#pages.delete(key);
    return pending;
  }

  /** Makes the page under `key` now, unless it is held or being made; a failure is dropped (the reader's own request meets it). */
  start(key: string, make: () => Promise<T>): void {
    if (this.#pages.has(key)) return;
    const pending = make().catch(() => null);
    this.#pages.set(key, pending);
    void pending.then((page) => {
      if (this.#pages.peek(key) !== pending) return;
      if (page) this.#pages.set(key, pending, 2 * key.length + this.#sizeOf(page));
      else this.#pages.delete(key);
    });
  }
}
