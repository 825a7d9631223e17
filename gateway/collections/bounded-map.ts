/**
 * A Map that holds at most `maxEntries` entries, dropping the least recently used first.
 * Everything the gateway keys by request input (answers, buckets, sort orders, rates) lives in
 * one of these, so that a flood of distinct keys costs a bounded amount of memory.
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();

  /** `maxEntries` is the most entries kept (at least 1); `onEvict` hears each one dropped. */
  constructor(
    readonly maxEntries: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value under `key`, marking it as the most recently used. */
  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  /**
   * The value under `key`, leaving its place in the eviction order as it is: for memos of values
   * that are cheap to remake, where an LRU's re-insertion on every read costs more than it saves.
   */
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Stores `value` as the most recently used, dropping the least recently used past the bound. */
  set(key: K, value: V): this {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    while (this.#entries.size > this.maxEntries) {
      const [oldest, old] = this.#entries.entries().next().value as [K, V];
      this.#entries.delete(oldest);
      this.onEvict?.(oldest, old);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** The value under `key`, made by `create` and stored when absent. */
  getOrCreate(key: K, create: (key: K) => V): V {
    const found = this.get(key);
    if (found !== undefined) return found;
    const value = create(key);
    this.set(key, value);
    return value;
  }

  values(): IterableIterator<V> {
    return this.#entries.values();
  }
}
