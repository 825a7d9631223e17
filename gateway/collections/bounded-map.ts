import { roughBytes } from './rough-bytes';

/** How a BoundedMap is bounded: by entries, by bytes, or both (whichever is reached first). */
export interface BoundedMapOptions<K, V> {
  /** Most entries kept (a positive integer). @default Infinity when `maxBytes` is given */
  maxEntries?: number;
  /** Most bytes kept, key and value together, as `sizeOf` counts them (a positive number). @default Infinity */
  maxBytes?: number;
  /**
   * Bytes one entry costs, key included; called once when the entry is set. An entry larger than
   * `maxBytes` is never kept.
   * @default roughBytes(key) + roughBytes(value)
   */
  sizeOf?: (value: V, key: K) => number;
  /** Hears each entry dropped to stay within the bounds (not those deleted or overwritten). */
  onEvict?: (key: K, value: V) => void;
}

/**
 * A Map that holds at most `maxEntries` entries and `maxBytes` bytes, dropping the least recently
 * used first. Everything the gateway keys by request input (answers, buckets, sort orders, rates)
 * lives in one of these, so that a flood of distinct or large keys costs a bounded amount of memory.
 * Kept over lru-cache on measurement (docs/decisions/0002-libraries.md): its `peek`, which the hot
 * memos use, is a native Map read here.
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();
  /** Each entry's size; only kept when a byte bound is set. */
  readonly #sizes: Map<K, number> | undefined;
  readonly #sizeOf: ((value: V, key: K) => number) | undefined;
  readonly #onEvict: ((key: K, value: V) => void) | undefined;
  #bytes = 0;
  readonly maxEntries: number;
  readonly maxBytes: number;

  /**
   * Either `new BoundedMap(maxEntries, onEvict?)`, bounded by entries only, or
   * `new BoundedMap({ maxEntries, maxBytes, sizeOf, onEvict })`.
   */
  constructor(bound: number | BoundedMapOptions<K, V>, onEvict?: (key: K, value: V) => void) {
    const options: BoundedMapOptions<K, V> = typeof bound === 'number' ? { maxEntries: bound, onEvict } : bound;
    this.maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    if (this.maxEntries !== Number.POSITIVE_INFINITY && (!Number.isInteger(this.maxEntries) || this.maxEntries < 1)) {
      throw new RangeError('maxEntries must be a positive integer');
    }
    if (!(this.maxBytes > 0)) throw new RangeError('maxBytes must be a positive number');
    if (options.maxEntries === undefined && options.maxBytes === undefined) throw new RangeError('a BoundedMap needs maxEntries or maxBytes');
    if (this.maxBytes !== Number.POSITIVE_INFINITY) {
      this.#sizes = new Map();
      this.#sizeOf = options.sizeOf ?? ((value, key) => roughBytes(key) + roughBytes(value));
    }
    this.#onEvict = options.onEvict;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes held, as `sizeOf` counted them (0 when the map is bounded by entries only). */
  get bytes(): number {
    return this.#bytes;
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

  /**
   * Stores `value` as the most recently used, dropping the least recently used past the bounds. A
   * value whose entry alone is over `maxBytes` is not stored (and an older value under `key` goes).
   * `bytes`, when the caller already knows the entry's size, is taken instead of calling `sizeOf`.
   */
  set(key: K, value: V, bytes?: number): this {
    // Most keys are new (a long tail of queries): only a key already there has a size to give back.
    if (this.#entries.has(key)) this.delete(key);
    const sizes = this.#sizes;
    if (sizes) {
      bytes ??= this.#sizeOf!(value, key);
      if (!(bytes <= this.maxBytes)) return this;
      sizes.set(key, bytes);
      this.#bytes += bytes;
    }
    this.#entries.set(key, value);
    while (this.#entries.size > this.maxEntries || this.#bytes > this.maxBytes) {
      const oldest = this.#entries.keys().next().value as K;
      const old = this.#onEvict && this.#entries.get(oldest);
      this.delete(oldest);
      if (this.#onEvict) this.#onEvict(oldest, old as V);
    }
    return this;
  }

  delete(key: K): boolean {
    const sizes = this.#sizes;
    if (sizes) {
      const bytes = sizes.get(key);
      if (bytes !== undefined) {
        this.#bytes -= bytes;
        sizes.delete(key);
      }
    }
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#sizes?.clear();
    this.#bytes = 0;
  }

  /** The value under `key`, made by `create` and stored when absent. */
  getOrCreate(key: K, create: (key: K) => V): V {
    const found = this.get(key);
    if (found !== undefined) return found;
    const value = create(key);
    this.set(key, value);
    return value;
  }

  /** The values, least recently used first. */
  values(): IterableIterator<V> {
    return this.#entries.values();
  }
}
