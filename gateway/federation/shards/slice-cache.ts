/** What a shard keeps of its slices in memory, at most, besides the ones a call in flight reads. @default 48 MiB */
export const SLICE_BUDGET_BYTES = 48 * 1024 * 1024;

export interface SliceCacheOptions<T> {
  /** Read a slice from storage (undefined: none stored). */
  load: (connector: string) => Promise<T | undefined>;
  /** A loaded slice's bytes. */
  sizeOf: (slice: T) => number;
  /** @default SLICE_BUDGET_BYTES */
  budgetBytes?: number;
  /** Told of each slice let go for the budget (the shard drops an index built over it). */
  evicted?: (connector: string) => void;
}

/**
 * The slices a catalogue shard holds in memory, by connector, bounded by bytes (issue 30): a slice
 * read is kept, most recently used last; once they hold more than `budgetBytes`, the least recently
 * used slices are let go (read again from storage when next needed), except those the caller still
 * reads (`keep`). Slices one search needs are all held while it runs, whatever the budget: a shard
 * whose slices alone are over it is reported (`over`), and wants more shards, not a bigger budget.
 */
export class SliceCache<T> {
  private readonly options: SliceCacheOptions<T>;
  private readonly budget: number;
  private readonly slices = new Map<string, Promise<T | undefined>>();
  private readonly sizes = new Map<string, number>();
  private held = 0;

  constructor(options: SliceCacheOptions<T>) {
    this.options = options;
    this.budget = options.budgetBytes ?? SLICE_BUDGET_BYTES;
  }

  /** The bytes of the slices loaded and kept. */
  get bytes(): number {
    return this.held;
  }

  /** True when the slices kept are over the budget (only those in use are: see the class). */
  get over(): boolean {
    return this.held > this.budget;
  }

  /** These connectors' slices (read once, shared by concurrent callers); then the others are trimmed to the budget. */
  async get(connectors: readonly string[]): Promise<Array<T | undefined>> {
    const slices = await Promise.all(connectors.map((connector) => this.slice(connector)));
    this.trim(new Set(connectors));
    return slices;
  }

  /** Forgets a connector's slice (replaced or removed). */
  delete(connector: string): void {
    this.slices.delete(connector);
    this.held -= this.sizes.get(connector) ?? 0;
    this.sizes.delete(connector);
  }

  /** A kept slice's bytes changed (a shard let go of what its index merged). */
  resize(connector: string, bytes: number): void {
    const size = this.sizes.get(connector);
    if (size === undefined) return;
    this.sizes.set(connector, bytes);
    this.held += bytes - size;
  }

  /** Forgets every slice (the shard let go of all it held, for its isolate's budget: `ShardMemory`). */
  clear(): void {
    this.slices.clear();
    this.sizes.clear();
    this.held = 0;
  }

  private slice(connector: string): Promise<T | undefined> {
    let slice = this.slices.get(connector);
    if (slice) {
      // Most recently used last.
      this.slices.delete(connector);
      this.slices.set(connector, slice);
      return slice;
    }
    const loading = this.options.load(connector);
    slice = loading.then((loaded) => {
      // Counted only while it is still the slice kept (not deleted or replaced meanwhile).
      if (loaded !== undefined && this.slices.get(connector) === slice && !this.sizes.has(connector)) {
        const size = this.options.sizeOf(loaded);
        this.sizes.set(connector, size);
        this.held += size;
      }
      return loaded;
    });
    this.slices.set(connector, slice);
    slice.catch(() => {
      if (this.slices.get(connector) === slice) this.slices.delete(connector);
    });
    return slice;
  }

  /** Lets the least recently used slices go, not those in `keep`, until the rest fit the budget. */
  private trim(keep: ReadonlySet<string>): void {
    for (const connector of [...this.slices.keys()]) {
      if (this.held <= this.budget) return;
      if (keep.has(connector) || !this.sizes.has(connector)) continue;
      this.delete(connector);
      this.options.evicted?.(connector);
    }
  }
}
