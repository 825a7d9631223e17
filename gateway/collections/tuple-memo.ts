import { roughBytes } from './rough-bytes';

/** How a TupleMemo is bounded: by values held, and by bytes when `maxBytes` is given. */
export interface TupleMemoOptions<V> {
  /** Most values held at once (a positive integer). */
  maxEntries: number;
  /** Most bytes held, keys and values, as `sizeOf` counts them. @default Infinity */
  maxBytes?: number;
  /**
   * Bytes one value costs with its three key strings; called once when the value is made.
   * @default roughBytes(value) + 2 bytes a key character
   */
  sizeOf?: (value: V, a: string, b: string, c: string) => number;
}

/**
 * A memo keyed by three strings, through nested Maps: a look-up builds no key string, and strings
 * that come from the same records each time (amounts, currency codes) keep their hashes. Bounded:
 * once it holds `maxEntries` values (or `maxBytes` bytes) it forgets them all and starts again,
 * which suits values that are cheap to remake and keyed, in part, by request input.
 */
export class TupleMemo<V> {
  #root = new Map<string, Map<string, Map<string, V>>>();
  #size = 0;
  #bytes = 0;
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly #sizeOf: ((value: V, a: string, b: string, c: string) => number) | undefined;

  /** `new TupleMemo(maxEntries)`, or `new TupleMemo({ maxEntries, maxBytes, sizeOf })`. */
  constructor(bound: number | TupleMemoOptions<V>) {
    const options: TupleMemoOptions<V> = typeof bound === 'number' ? { maxEntries: bound } : bound;
    this.maxEntries = options.maxEntries;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
    if (!(this.maxBytes > 0)) throw new RangeError('maxBytes must be a positive number');
    if (this.maxBytes !== Number.POSITIVE_INFINITY) {
      this.#sizeOf = options.sizeOf ?? ((value, a, b, c) => roughBytes(value) + 2 * (a.length + b.length + c.length));
    }
  }

  get size(): number {
    return this.#size;
  }

  /** Bytes held, as `sizeOf` counted them (0 when bounded by entries only). */
  get bytes(): number {
    return this.#bytes;
  }

  /** The value under (a, b, c), made by `create` and kept when absent (and when it fits `maxBytes` alone). */
  getOrCreate(a: string, b: string, c: string, create: () => V): V {
    const found = this.#root.get(a)?.get(b)?.get(c);
    if (found !== undefined) return found;
    const value = create();
    const bytes = this.#sizeOf ? this.#sizeOf(value, a, b, c) : 0;
    if (bytes > this.maxBytes) return value;
    if (this.#size >= this.maxEntries || this.#bytes + bytes > this.maxBytes) {
      this.#root = new Map();
      this.#size = 0;
      this.#bytes = 0;
    }
    let byB = this.#root.get(a);
    if (!byB) this.#root.set(a, (byB = new Map()));
    let byC = byB.get(b);
    if (!byC) byB.set(b, (byC = new Map()));
    byC.set(c, value);
    this.#size++;
    this.#bytes += bytes;
    return value;
  }
}
