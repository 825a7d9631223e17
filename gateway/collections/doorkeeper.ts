/** Bits a Doorkeeper holds. @default 2 ** 17 (16 KiB) */
export const DOORKEEPER_BITS = 2 ** 17;

export interface DoorkeeperOptions {
  /** Bits held, a power of two: its bound in bytes is bits / 8. @default DOORKEEPER_BITS */
  bits?: number;
}

/**
 * Which keys were seen once, approximately, in a fixed number of bits (TinyLFU's doorkeeper): a
 * memo that keeps what is asked for a second time asks it first, and a stream of keys asked for
 * once (a reader catching up over a whole catalogue) costs two bits each and no allocation, where a
 * map of keys would churn. Two bits per key from one string hash; cleared once an eighth of its bits
 * were set, so a key reads as seen falsely at most about one time in sixty (harmless to a memo: a
 * text kept one asking early).
 */
export class Doorkeeper {
  readonly #words: Uint32Array;
  readonly #mask: number;
  readonly #clearAfter: number;
  #added = 0;

  constructor({ bits = DOORKEEPER_BITS }: DoorkeeperOptions = {}) {
    if (!(bits >= 32 && (bits & (bits - 1)) === 0)) throw new RangeError('bits must be a power of two, at least 32');
    this.#words = new Uint32Array(bits / 32);
    this.#mask = bits - 1;
    this.#clearAfter = bits / 16;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#words.byteLength;
  }

  /** True when `key` was seen since the last clearing (probably); otherwise marks it seen and answers false. */
  seen(key: string): boolean {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
    const a = (h ^ (h >>> 15)) & this.#mask;
    const b = Math.imul(h ^ (h >>> 13), 0x5bd1e995) & this.#mask;
    const words = this.#words;
    if ((words[a >>> 5]! & (1 << (a & 31))) !== 0 && (words[b >>> 5]! & (1 << (b & 31))) !== 0) return true;
    if (++this.#added > this.#clearAfter) {
      words.fill(0);
      this.#added = 1;
    }
    words[a >>> 5]! |= 1 << (a & 31);
    words[b >>> 5]! |= 1 << (b & 31);
    return false;
  }
}
