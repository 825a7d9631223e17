/**
 * A least-recently-used cache bounded both in entries and in bytes, each value weighed once when it
 * is stored (a string by its length, bytes by their length). A value heavier than a tenth of the
 * whole bound is not kept at all: one huge answer never flushes everything else. Request input
 * keys these caches, so neither the number nor the size of distinct answers can grow memory.
 */
export class WeighedCache<V> {
  readonly #entries = new Map<string, { value: V; weight: number }>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #weigh: (value: V) => number;
  #bytes = 0;

  constructor(options: { maxEntries: number; maxBytes: number; weigh: (value: V) => number }) {
    this.#maxEntries = options.maxEntries;
    this.#maxBytes = options.maxBytes;
    this.#weigh = options.weigh;
  }

  /** What the kept values weigh, their keys included. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value under `key`, marking it as the most recently used. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` as the most recently used, dropping the least recently used past either bound. */
  set(key: string, value: V): void {
    this.delete(key);
    const weight = this.#weigh(value) + key.length;
    if (weight > this.#maxBytes / 10) return;
    this.#entries.set(key, { value, weight });
    this.#bytes += weight;
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const [oldest] = this.#entries.keys();
      this.delete(oldest!);
    }
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#bytes -= entry.weight;
    return true;
  }
}
