import { fastHashBytesInto, hexOfLanes } from './digest';

/** Each product's `sourceDigest`, in the order a harvest encoded them: 8 bytes a product, no string held. */
export class SourceDigests {
  constructor(
    private readonly lanes: Uint32Array,
    /** Products digested. */
    readonly count: number,
  ) {}

  /** The digest of the product encoded `place`-th (`sourceDigestOfBytes` of its JSON). */
  at(place: number): string {
    if (place < 0 || place >= this.count) throw new RangeError(`no source digest ${place}`);
    return hexOfLanes(this.lanes, 2 * place);
  }

  /** The digests as bytes, 8 a product (what a catalogue shard stores beside its slice). */
  toBytes(): Uint8Array {
    return new Uint8Array(this.lanes.buffer, this.lanes.byteOffset, 8 * this.count);
  }

  /** Digests stored by `toBytes`; a length that is not 8 a product throws. */
  static fromBytes(bytes: Uint8Array): SourceDigests {
    if (bytes.byteLength % 8 !== 0) throw new RangeError(`source digests of ${bytes.byteLength} bytes: not 8 a product`);
    // A copy, aligned for the 32-bit lanes whatever the offset the bytes came at.
    const lanes = new Uint32Array(bytes.byteLength / 4);
    new Uint8Array(lanes.buffer).set(bytes);
    return new SourceDigests(lanes, bytes.byteLength / 8);
  }
}

/**
 * Digests each product's JSON as a harvest encodes it (CatalogueBuilder's `onDocument`), so
 * that the change recording compares a snapshot with the log without reading its documents back.
 */
export class SourceDigestsBuilder {
  private lanes = new Uint32Array(2 * 1024);
  private count = 0;

  /** The next product's JSON as UTF-8 bytes. */
  add(json: Uint8Array): void {
    if (2 * this.count + 2 > this.lanes.length) {
      const grown = new Uint32Array(this.lanes.length * 2);
      grown.set(this.lanes);
      this.lanes = grown;
    }
    fastHashBytesInto(json, this.lanes, 2 * this.count);
    this.count++;
  }

  finish(): SourceDigests {
    return new SourceDigests(this.lanes.slice(0, 2 * this.count), this.count);
  }
}
