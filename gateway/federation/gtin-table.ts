/** Slots a new table starts with (a power of two). */
const FIRST_SLOTS = 1024;
/** The table doubles when more than this share of its slots is taken (linear probing stays short below it). */
const MAX_LOAD = 0.75;
/** A slot's bytes: the key (a double) and its value (a 32-bit number). */
export const GTIN_SLOT_BYTES = 12;

/**
 * A map from GTINs (as numbers: 14 digits fit a double exactly) to small non-negative integers,
 * held in two typed arrays (open addressing, linear probing): 12 bytes a slot, 16 to 32 bytes a
 * key, against about 50 (pointer-compressed V8, as in workerd) to 84 (Node) for a `Map` of numbers
 * to objects, and no object per key for the collector to trace. A Worker's isolate holds the
 * owner of every GTIN served (issue 30: 125,000 at 250,000 products), so its bytes count.
 */
export class GtinTable {
  /** GTIN + 1 per slot (0: empty), so that the GTIN 0 is a key like any other. */
  private keys = new Float64Array(FIRST_SLOTS);
  private values = new Uint32Array(FIRST_SLOTS);
  private count = 0;

  /** How many GTINs it holds. */
  get size(): number {
    return this.count;
  }

  /** The bytes of its two arrays: what it holds outside the JS heap. */
  get bytes(): number {
    return this.keys.byteLength + this.values.byteLength;
  }

  /** The value of `gtin`, if it has one. */
  get(gtin: number): number | undefined {
    const slot = this.find(gtin);
    return this.keys[slot] === 0 ? undefined : this.values[slot];
  }

  /** Sets the value of `gtin` (0 to 2^32 - 1), adding it when new. */
  set(gtin: number, value: number): void {
    let slot = this.find(gtin);
    if (this.keys[slot] === 0) {
      if ((this.count + 1) / this.keys.length > MAX_LOAD) {
        this.resize(this.keys.length * 2, () => true);
        slot = this.find(gtin);
      }
      this.keys[slot] = gtin + 1;
      this.count++;
    }
    this.values[slot] = value;
  }

  /** Removes every GTIN whose value `drop` answers true for, and shrinks the arrays to what is left. */
  deleteWhere(drop: (value: number) => boolean): void {
    let kept = 0;
    for (let slot = 0; slot < this.keys.length; slot++) if (this.keys[slot] !== 0 && !drop(this.values[slot]!)) kept++;
    let slots = FIRST_SLOTS;
    while (kept / slots > MAX_LOAD / 2) slots *= 2;
    this.resize(slots, (value) => !drop(value));
  }

  /** The slot holding `gtin`, or the empty slot where it would go. */
  private find(gtin: number): number {
    const mask = this.keys.length - 1;
    const key = gtin + 1;
    let slot = hash(gtin) & mask;
    while (this.keys[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  /** Moves the entries `keep` accepts into arrays of `slots` slots. */
  private resize(slots: number, keep: (value: number) => boolean): void {
    const keys = this.keys;
    const values = this.values;
    this.keys = new Float64Array(slots);
    this.values = new Uint32Array(slots);
    this.count = 0;
    for (let slot = 0; slot < keys.length; slot++) {
      if (keys[slot] === 0 || !keep(values[slot]!)) continue;
      const at = this.find(keys[slot]! - 1);
      this.keys[at] = keys[slot]!;
      this.values[at] = values[slot]!;
      this.count++;
    }
  }
}

/** A 32-bit mix of a GTIN's low and high parts (GTINs of one company share their high digits). */
function hash(gtin: number): number {
  const low = gtin >>> 0;
  const high = Math.floor(gtin / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
