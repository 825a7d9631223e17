/**
 * A memo keyed by three strings, through nested Maps: a look-up builds no key string, and strings
 * that come from the same records each time (amounts, currency codes) keep their hashes. Bounded:
 * once it holds `maxEntries` values it forgets them all and starts again, which suits values that
 * are cheap to remake and keyed, in part, by request input.
 */
export class TupleMemo<V> {
  #root = new Map<string, Map<string, Map<string, V>>>();
  #size = 0;

  /** `maxEntries` is the most values held at once (at least 1). */
  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.#size;
  }

  /** The value under (a, b, c), made by `create` and kept when absent. */
  getOrCreate(a: string, b: string, c: string, create: () => V): V {
    const found = this.#root.get(a)?.get(b)?.get(c);
    if (found !== undefined) return found;
    const value = create();
    if (this.#size >= this.maxEntries) {
      this.#root = new Map();
      this.#size = 0;
    }
    let byB = this.#root.get(a);
    if (!byB) this.#root.set(a, (byB = new Map()));
    let byC = byB.get(b);
    if (!byC) byB.set(b, (byC = new Map()));
    byC.set(c, value);
    this.#size++;
    return value;
  }
}
