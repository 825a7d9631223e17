const encoder = new TextEncoder();

/** Text shorter than this is copied code unit by code unit when it is ASCII: cheaper than a call to the encoder. */
const SHORT_TEXT = 64;
/** Least size of a slab that answers share. */
const SLAB = 64 * 1024;

/**
 * JSON written as UTF-8 into a slab: text as it comes, and bytes already encoded (kept fragments)
 * copied in, so that an answer made mostly of kept parts is never one long string to encode.
 * Answers are taken as views of the slab, which later answers fill on: a buffer of their own each
 * costs an allocation outside the heap and the collector's work on it, more than writing the
 * answer did. The slab lives as long as any view of it.
 */
export class JsonOutput {
  #buffer: Uint8Array<ArrayBuffer>;
  /** The slab's size, read on every write: a number field costs less than the typed array's getter. */
  #capacity: number;
  /** Where the output being written starts in the slab; what lies before it belongs to taken views. */
  #start = 0;
  #length = 0;

  constructor(capacity = SLAB) {
    this.#buffer = new Uint8Array(capacity);
    this.#capacity = capacity;
  }

  /** Appends JSON text. */
  text(json: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    this.#reserve(json.length * 3);
    const buffer = this.#buffer;
    let at = this.#length;
    if (json.length < SHORT_TEXT) {
      let i = 0;
      for (; i < json.length; i++) {
        const unit = json.charCodeAt(i);
        if (unit > 0x7f) break;
        buffer[at++] = unit;
      }
      if (i === json.length) {
        this.#length = at;
        return;
      }
    }
    this.#length += encoder.encodeInto(json, buffer.subarray(this.#length)).written;
  }

  /** Appends JSON already encoded. */
  bytes(json: Uint8Array): void {
    this.#reserve(json.byteLength);
    this.#buffer.set(json, this.#length);
    this.#length += json.byteLength;
  }

  /** What was written, as bytes of their own (to keep for long: a view would keep the slab alive); the output is empty again. */
  finish(): Uint8Array<ArrayBuffer> {
    const written = this.#buffer.slice(this.#start, this.#length);
    this.#length = this.#start;
    return written;
  }

  /**
   * What was written, as a view of the slab, never written again (an answer to send); the output
   * is empty again. Its `buffer.byteLength` is what it may keep alive.
   */
  take(): Uint8Array<ArrayBuffer> {
    const written = this.#buffer.subarray(this.#start, this.#length);
    this.#start = this.#length;
    return written;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#capacity) return;
    const used = this.#length - this.#start;
    const slab = new Uint8Array(Math.max(SLAB, (used + bytes) * 2));
    slab.set(this.#buffer.subarray(this.#start, this.#length));
    this.#buffer = slab;
    this.#capacity = slab.byteLength;
    this.#start = 0;
    this.#length = used;
  }
}
