const encoder = new TextEncoder();

/** Text shorter than this is copied code unit by code unit when it is ASCII: cheaper than a call to the encoder. */
const SHORT_TEXT = 64;

/**
 * JSON written as UTF-8 into one growing buffer: text as it comes, and bytes already encoded
 * (kept fragments) copied in, so that an answer made mostly of kept parts is never one long
 * string to encode.
 */
export class JsonOutput {
  #buffer: Uint8Array;
  #length = 0;

  constructor(capacity = 4096) {
    this.#buffer = new Uint8Array(capacity);
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

  /** What was written, as bytes of their own; the output is empty again. */
  finish(): Uint8Array<ArrayBuffer> {
    const written = this.#buffer.slice(0, this.#length);
    this.#length = 0;
    return written;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.byteLength) return;
    const grown = new Uint8Array(Math.max(this.#buffer.byteLength * 2, this.#length + bytes));
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }
}
