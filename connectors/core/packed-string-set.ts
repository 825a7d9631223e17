const encoder = new TextEncoder();
/** The table doubles when more than this share of its slots is taken. */
const MAX_LOAD = 0.75;
/** Bytes of a chunk of strings: the buffer grows a chunk at a time, never copied. */
const CHUNK_BYTES = 64 * 1024;

/**
 * A set of strings held as UTF-8 bytes in chunks of 64 KiB, found through an open-addressing table
 * of offsets (linear probing): about 1 + length + 5 to 11 bytes a string, against 40
 * (pointer-compressed V8) to 60 (Node) for a `Set` of short strings, and no string for the
 * collector to trace. A harvest keeps every local id it has read (duplicates are quarantined):
 * 250,000 of them at once when six economies harvest together into a Worker (issue 30). The
 * strings' buffer grows by chunks rather than by copies, whose old buffers would be garbage
 * outside the JS heap until the next full collection. Exact: a lookup compares bytes, never a
 * hash alone.
 */
export class PackedStringSet {
  /** Each string as its byte length (LEB128), then its UTF-8 bytes; a string never spans two chunks. */
  private readonly chunks: Uint8Array[] = [];
  /** Where the string bytes of each chunk start, as offsets counted over every chunk. */
  private readonly bases: number[] = [];
  /** Bytes used in the last chunk. */
  private used = 0;
  /** Per slot, the offset + 1 of a string (over every chunk; 0: empty). */
  private slots = new Int32Array(256);
  private count = 0;
  /** The string asked about, encoded. */
  private scratch = new Uint8Array(256);

  /** How many strings it holds. */
  get size(): number {
    return this.count;
  }

  /** The bytes of its buffers (outside the JS heap). */
  get bytes(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0) + this.slots.byteLength + this.scratch.byteLength;
  }

  /** True when `value` is in the set. */
  has(value: string): boolean {
    const length = this.encode(value);
    return this.slots[this.find(length, hashBytes(this.scratch, 0, length))] !== 0;
  }

  /** Adds `value`; true when it was not in the set yet. */
  add(value: string): boolean {
    const length = this.encode(value);
    const hash = hashBytes(this.scratch, 0, length);
    let slot = this.find(length, hash);
    if (this.slots[slot] !== 0) return false;
    if ((this.count + 1) / this.slots.length > MAX_LOAD) {
      this.rehash(this.slots.length * 2);
      slot = this.find(length, hash);
    }
    let chunk = this.chunks.at(-1);
    if (!chunk || this.used + 5 + length > chunk.length) {
      const base = chunk ? this.bases.at(-1)! + chunk.length : 0;
      chunk = new Uint8Array(Math.max(CHUNK_BYTES, 5 + length));
      this.chunks.push(chunk);
      this.bases.push(base);
      this.used = 0;
    }
    this.slots[slot] = this.bases.at(-1)! + this.used + 1;
    let n = length;
    while (n >= 0x80) {
      chunk[this.used++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    chunk[this.used++] = n;
    chunk.set(this.scratch.subarray(0, length), this.used);
    this.used += length;
    this.count++;
    return true;
  }

  /** Encodes `value` into `scratch`; answers its byte length. */
  private encode(value: string): number {
    if (this.scratch.length < value.length * 3) this.scratch = new Uint8Array(value.length * 3);
    return encoder.encodeInto(value, this.scratch).written;
  }

  /** The slot holding the scratch's `length` bytes, or the empty slot where they would go. */
  private find(length: number, hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let at = this.slots[slot]!; at !== 0; at = this.slots[slot]!) {
      if (this.equals(at - 1, length)) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** True when the string stored at `offset` is the scratch's `length` bytes. */
  private equals(offset: number, length: number): boolean {
    const [chunk, stored, start] = this.at(offset);
    if (stored !== length) return false;
    for (let i = 0; i < length; i++) if (chunk[start + i] !== this.scratch[i]) return false;
    return true;
  }

  /** The chunk holding the string stored at `offset`, its byte length, and where its bytes start in the chunk. */
  private at(offset: number): [Uint8Array, number, number] {
    // The last chunk whose base is at or before the offset.
    let low = 0;
    let high = this.bases.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.bases[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    const chunk = this.chunks[low]!;
    let at = offset - this.bases[low]!;
    let length = 0;
    let shift = 0;
    for (;;) {
      const byte = chunk[at++]!;
      length |= (byte & 0x7f) << shift;
      if (byte < 0x80) return [chunk, length, at];
      shift += 7;
    }
  }

  /** Moves every string's offset into a table of `size` slots. */
  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    const mask = size - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      const [chunk, length, start] = this.at(entry - 1);
      let slot = hashBytes(chunk, start, length) & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = entry;
    }
  }
}

/** FNV-1a over `length` bytes of `bytes` from `start`, finished with a mix (the table takes its low bits). */
function hashBytes(bytes: Uint8Array, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  return (hash ^ (hash >>> 12)) >>> 0;
}
