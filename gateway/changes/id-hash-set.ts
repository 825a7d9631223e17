import { fastHashInto } from './digest';

/** Slots of a new set (a power of two). */
const INITIAL_SLOTS = 1024;
/** The share of slots in use past which the table doubles: probes stay short, and 10.7 to 21 bytes an id. */
const MAX_LOAD = 0.75;

/**
 * A set of product ids kept as 64-bit hashes (`fastHashInto`'s two lanes) in one typed array, open
 * addressing with linear probing, doubled when three quarters full: 8 bytes a slot, 11 to 21 bytes
 * an id and no string held, where a `Set<string>` of the ids held about 60 bytes an id besides the
 * strings themselves. What a detection keeps of every product a harvest gave (issue 30).
 *
 * The trade-off: two different ids whose hashes are equal count as one. Among n ids that happens
 * with probability about n² / 2⁶⁵ (3 × 10⁻⁸ at 1,000,000 ids of one connector); a harvested id
 * that met it would be taken for a duplicate and skipped, and a recorded id that met a harvested
 * one would be taken as harvested (neither removed nor counted for the removal ratio), until a
 * harvest without the other id. No collision is ever read as a removal.
 */
export class IdHashSet {
  /** Two lanes a slot; (0, 0) marks an empty slot (a hash of two zero lanes is stored as (0, 1)). */
  private slots = new Uint32Array(2 * INITIAL_SLOTS);
  private count = 0;
  private readonly lanes = new Uint32Array(2);

  /** The ids held. */
  get size(): number {
    return this.count;
  }

  /** The bytes of its table. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /** Adds an id; true when it was not held (by hash: see the class's note on collisions). */
  add(id: string): boolean {
    const [a, b] = this.hash(id);
    const slot = this.find(a, b);
    if (this.slots[slot + 1] !== 0) return false;
    this.slots[slot] = a;
    this.slots[slot + 1] = b;
    if (++this.count > MAX_LOAD * (this.slots.length / 2)) this.grow();
    return true;
  }

  /** Whether an id is held (by hash). */
  has(id: string): boolean {
    const [a, b] = this.hash(id);
    return this.slots[this.find(a, b) + 1] !== 0;
  }

  private hash(id: string): [number, number] {
    fastHashInto(id, this.lanes, 0);
    const a = this.lanes[0]!;
    const b = this.lanes[1]!;
    // The second lane is never 0 in a used slot: that marks an empty one.
    return [a, b === 0 ? 1 : b];
  }

  /** The index of the slot holding (a, b), or of the empty slot where it would go. */
  private find(a: number, b: number): number {
    const mask = this.slots.length / 2 - 1;
    for (let i = a & mask; ; i = (i + 1) & mask) {
      const slot = 2 * i;
      const second = this.slots[slot + 1]!;
      if (second === 0 || (second === b && this.slots[slot] === a)) return slot;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(2 * old.length);
    for (let slot = 0; slot < old.length; slot += 2) {
      if (old[slot + 1] === 0) continue;
      const at = this.find(old[slot]!, old[slot + 1]!);
      this.slots[at] = old[slot]!;
      this.slots[at + 1] = old[slot + 1]!;
    }
  }
}
