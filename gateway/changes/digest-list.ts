import type { RowDigest } from './row-digest';

const REMOVED = 1;
const UNRECORDED = 2;

/**
 * Row digests in the order added, by product id, as parallel arrays: what a recording keeps of
 * every row it writes, for the state it leaves (`advancedBy`). A connector's first harvest writes a
 * row per product, and a `[id, RowDigest]` pair each held about 360 bytes in V8 until the
 * recording ended (15 MB at 42,000 products, issue 30); here an entry is six array slots and the
 * strings it shares with the row it was read from (its id, hash, source digest and due day), and
 * no object is made until it is read. Iterating yields equal digests, in the order added.
 */
export class DigestList implements Iterable<readonly [string, RowDigest]> {
  private readonly ids: string[] = [];
  private readonly versions: number[] = [];
  private readonly hashes: string[] = [];
  private readonly sources: string[] = [];
  private readonly dues: string[] = [];
  private readonly flags: number[] = [];

  /** How many digests it holds. */
  get size(): number {
    return this.ids.length;
  }

  /** Keeps a product's digest (its fields are kept, not the object). */
  push(id: string, digest: RowDigest): void {
    this.ids.push(id);
    this.versions.push(digest.version);
    this.hashes.push(digest.hash);
    this.sources.push(digest.source);
    this.dues.push(digest.due);
    this.flags.push((digest.removed ? REMOVED : 0) | (digest.unrecorded ? UNRECORDED : 0));
  }

  *[Symbol.iterator](): Iterator<readonly [string, RowDigest]> {
    for (let i = 0; i < this.ids.length; i++) {
      const flags = this.flags[i]!;
      const digest: RowDigest = {
        version: this.versions[i]!,
        hash: this.hashes[i]!,
        source: this.sources[i]!,
        removed: (flags & REMOVED) !== 0,
        unrecorded: (flags & UNRECORDED) !== 0,
        due: this.dues[i]!,
      };
      yield [this.ids[i]!, digest];
    }
  }
}
