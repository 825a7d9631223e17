const encoder = new TextEncoder();

/**
 * UTF-8 bytes written text by text into one growing buffer, then copied out once at their length:
 * what an answer built of many texts (a `/changes` page of 500 events) is encoded with. Each text is
 * encoded on its own (a megabyte-sized string of several texts joined is flattened first, and one
 * past Latin-1 is encoded on V8's slow path), and no array is made per text.
 */
export class Utf8Writer {
  #bytes: Uint8Array<ArrayBuffer>;
  #at = 0;

  /** @param capacity bytes reserved at first; the buffer doubles as needed. @default 65536 */
  constructor(capacity = 64 * 1024) {
    this.#bytes = new Uint8Array(capacity);
  }

  /** Appends the UTF-8 bytes of `text`. */
  write(text: string): void {
    // UTF-8 takes at most three bytes a UTF-16 unit.
    const needed = this.#at + 3 * text.length;
    if (needed > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.#bytes.length, needed));
      grown.set(this.#bytes.subarray(0, this.#at));
      this.#bytes = grown;
    }
    this.#at += encoder.encodeInto(text, this.#bytes.subarray(this.#at)).written;
  }

  /** The bytes written, in an array of their own length. */
  finish(): Uint8Array<ArrayBuffer> {
    return this.#bytes.slice(0, this.#at);
  }
}
