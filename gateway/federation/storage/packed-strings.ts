const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A list of strings as UTF-8 in one byte array, string i being bytes[offsets[i] .. offsets[i + 1]):
 * held outside the JS heap (a string each would cost 20 bytes of header, and twice its length once
 * one character is past Latin-1), decoded when one is read. What a catalogue keeps of its ids and
 * names.
 */
export class PackedStrings implements Iterable<string> {
  constructor(
    readonly bytes: Uint8Array,
    readonly offsets: Uint32Array,
  ) {}

  /** The strings of a list, packed. */
  static of(strings: Iterable<string>): PackedStrings {
    const builder = new PackedStringsBuilder();
    for (const s of strings) builder.add(s);
    return builder.finish();
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  /** String i. */
  at(i: number): string {
    return decoder.decode(this.bytes.subarray(this.offsets[i], this.offsets[i + 1]));
  }

  /** True when string i is empty (no decoding). */
  isEmpty(i: number): boolean {
    return this.offsets[i] === this.offsets[i + 1];
  }

  /** True when every string is empty. */
  get allEmpty(): boolean {
    return this.bytes.length === 0;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /**
   * Where `value` is in a list sorted in JavaScript's order (UTF-16 code units), -1 when absent: a
   * binary search that compares bytes when `value` is ASCII (the same order then), else decodes.
   * A value outside the list's first and last string costs two comparisons: an index asks each of
   * its catalogues in turn, and a catalogue's ids share its connector's prefix.
   */
  find(value: string): number {
    let low = 0;
    let high = this.length - 1;
    if (high < 0) return -1;
    const ascii = isAscii(value);
    if (this.compareTo(0, value, ascii) > 0 || this.compareTo(high, value, ascii) < 0) return -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const d = this.compareTo(mid, value, ascii);
      if (d === 0) return mid;
      if (d < 0) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** String i against `value` in JavaScript's order, bytes against code units when `value` is ASCII. */
  private compareTo(i: number, value: string, ascii: boolean): number {
    return ascii ? this.compareAscii(i, value) : compareStrings(this.at(i), value);
  }

  /**
   * String a against string b in JavaScript's order: their bytes compared, and decoded only when
   * they first differ in two non-ASCII bytes (where UTF-8 and UTF-16 orders may part).
   */
  compare(a: number, b: number): number {
    const { bytes, offsets } = this;
    const startA = offsets[a]!;
    const startB = offsets[b]!;
    const lengthA = offsets[a + 1]! - startA;
    const lengthB = offsets[b + 1]! - startB;
    const common = Math.min(lengthA, lengthB);
    for (let k = 0; k < common; k++) {
      const x = bytes[startA + k]!;
      const y = bytes[startB + k]!;
      if (x === y) continue;
      return x >= 0x80 && y >= 0x80 ? compareStrings(this.at(a), this.at(b)) : x - y;
    }
    return lengthA - lengthB;
  }

  /** The strings again, string d of the result being string order[d] of this list. */
  reorder(order: ArrayLike<number>): PackedStrings {
    const bytes = new Uint8Array(this.bytes.length);
    const offsets = new Uint32Array(this.length + 1);
    let at = 0;
    for (let d = 0; d < this.length; d++) {
      const n = order[d]!;
      bytes.set(this.bytes.subarray(this.offsets[n], this.offsets[n + 1]), at);
      at += this.offsets[n + 1]! - this.offsets[n]!;
      offsets[d + 1] = at;
    }
    return new PackedStrings(bytes, offsets);
  }

  /**
   * String i against an ASCII `value`, its bytes against the value's code units (an ASCII text's
   * UTF-8 bytes; a byte of a longer character is above every one of them, as its code unit is):
   * no encoding, so a look-up by id allocates nothing.
   */
  private compareAscii(i: number, value: string): number {
    const start = this.offsets[i]!;
    const length = this.offsets[i + 1]! - start;
    const common = Math.min(length, value.length);
    for (let k = 0; k < common; k++) {
      const d = this.bytes[start + k]! - value.charCodeAt(k);
      if (d) return d;
    }
    return length - value.length;
  }
}

/**
 * Packs strings as they come (a harvest's names, a catalogue's ids), growing one buffer; `finish`
 * lays them out in the order asked.
 */
export class PackedStringsBuilder {
  private bytes = new Uint8Array(1024);
  private used = 0;
  private ends: Uint32Array = new Uint32Array(256);
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Adds the next string (its number is the count added before it); '' for none. */
  add(value: string): void {
    if (this.count + 1 >= this.ends.length) this.ends = grown(this.ends, this.ends.length * 2);
    // UTF-8 takes at most three bytes a UTF-16 unit.
    if (this.used + value.length * 3 > this.bytes.length) this.bytes = grown(this.bytes, Math.max(this.bytes.length * 2, this.used + value.length * 3));
    this.used += encoder.encodeInto(value, this.bytes.subarray(this.used)).written;
    this.ends[this.count++] = this.used;
  }

  /** The strings, string d of the result being the one added as number order[d] (insertion order by default). */
  finish(order?: ArrayLike<number>): PackedStrings {
    const offsets = new Uint32Array(this.count + 1);
    if (!order) {
      offsets.set(this.ends.subarray(0, this.count), 1);
      return new PackedStrings(this.bytes.slice(0, this.used), offsets);
    }
    const bytes = new Uint8Array(this.used);
    let at = 0;
    for (let d = 0; d < this.count; d++) {
      const n = order[d]!;
      const start = n ? this.ends[n - 1]! : 0;
      bytes.set(this.bytes.subarray(start, this.ends[n]!), at);
      at += this.ends[n]! - start;
      offsets[d + 1] = at;
    }
    return new PackedStrings(bytes, offsets);
  }
}

function grown<T extends Uint8Array | Uint32Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
