/**
 * What the catalogue shards of one isolate hold in memory together, at most, besides the shards a
 * call in flight reads: their slices and the indexes built over them (issue 30). An isolate has
 * 128 MB for its JS heap and array buffers (the bench's floor is 100 MB); this leaves about 36 MB
 * under the floor for the isolate's own baseline (about 10 MB), the caches bounded on their own (the
 * stored pages' and records', isolate-wide), a search's work and a harvest's slice build.
 * @default 64 MiB
 */
export const ISOLATE_SHARD_BYTES = 64 * 1024 * 1024;

/** A shard as the isolate's budget sees it: what it lets go of when it is the least recently used. */
export interface ShardMemoryHolder {
  /** Lets go of every slice and index held: read again from storage when next needed. */
  release(): void;
}

/**
 * The budget kept at module scope over every `CatalogueShard` of an isolate (Durable Objects of one
 * class may share an isolate: Cloudflare's instances "may share global memory with other instances
 * defined in the same Worker code", and `wrangler dev` runs them all in one). Each shard joins it
 * and says what it holds after each change (`ShardMemoryMember.resize`); once the shards hold more
 * than `budgetBytes` together, the least recently used shards are told to let go of what they hold
 * (`ShardMemoryHolder.release`), never one a call in flight reads (`enter` … `leave`), until the
 * rest fit. A shard let go reads its slices from storage again when next asked: co-located shards
 * degrade to reloading, not to the isolate being killed. Shards whose calls in flight alone hold
 * more are served over it (`over`).
 */
export class ShardMemory {
  readonly budgetBytes: number;
  /**
   * Members that hold something or are in use, least recently used first (a `Map` keeps insertion
   * order: a use moves one last). A member that holds nothing is not kept: a Durable Object that the
   * runtime evicted is not held alive here past the moment its shard is let go.
   */
  private readonly members = new Map<ShardMemoryMember, true>();
  private held = 0;
  private trimming = false;
  /** How many times a shard was let go for the budget (the shards log it). */
  evictions = 0;

  /** @default budgetBytes ISOLATE_SHARD_BYTES */
  constructor(options: { budgetBytes?: number } = {}) {
    this.budgetBytes = options.budgetBytes ?? ISOLATE_SHARD_BYTES;
  }

  /** The bytes every member says it holds. */
  get bytes(): number {
    return this.held;
  }

  /** True when the members hold more than the budget (only those in use can: see the class). */
  get over(): boolean {
    return this.held > this.budgetBytes;
  }

  /** A shard joins the budget, holding nothing yet. */
  join(holder: ShardMemoryHolder): ShardMemoryMember {
    return new ShardMemoryMember(this, holder);
  }

  /** How many shards hold something or are in use. */
  get count(): number {
    return this.members.size;
  }

  /** Moves a member last (most recently used). */
  touch(member: ShardMemoryMember): void {
    this.members.delete(member);
    this.members.set(member, true);
  }

  /** Keeps a member that holds something (where it was in the order, or last when it was not kept). */
  track(member: ShardMemoryMember): void {
    if (!this.members.has(member)) this.members.set(member, true);
  }

  /** Forgets a member that holds nothing and is not in use. */
  untrack(member: ShardMemoryMember): void {
    this.members.delete(member);
  }

  /** Counts a member's change of size, then lets the least recently used go until the rest fit. */
  changed(by: number): void {
    this.held += by;
    if (by > 0) this.trim();
  }

  /**
   * Lets members go, least recently used first, none in use, until the rest fit the budget; first
   * forgets the members whose shard is gone (see `ShardMemoryMember`).
   */
  trim(): void {
    if (this.trimming) return;
    this.trimming = true;
    try {
      for (const member of [...this.members.keys()]) if (member.gone) member.forget();
      for (const member of [...this.members.keys()]) {
        if (this.held <= this.budgetBytes) return;
        if (member.inUse || member.bytes === 0) continue;
        member.release();
        this.evictions++;
      }
    } finally {
      this.trimming = false;
    }
  }
}

/** A weak reference where the runtime has one that works; else a strong one (the member then keeps its shard until let go). */
function weakly<T extends object>(target: T): { deref(): T | undefined } {
  return typeof WeakRef === 'function' ? new WeakRef(target) : { deref: () => target };
}

/**
 * One shard's share of the isolate's budget (`ShardMemory.join`). It holds its shard weakly where
 * the runtime allows: a Durable Object that the runtime dropped (idle, or reset) is not kept alive
 * by the budget with all it held; its share is forgotten at the next trim. The shard must keep its
 * `holder` as long as it lives.
 */
export class ShardMemoryMember {
  private size = 0;
  private calls = 0;
  private readonly holder: { deref(): ShardMemoryHolder | undefined };

  constructor(
    private readonly memory: ShardMemory,
    holder: ShardMemoryHolder,
  ) {
    this.holder = weakly(holder);
  }

  /** True when the shard was collected (only where weak references work). */
  get gone(): boolean {
    return this.holder.deref() === undefined;
  }

  /** Forgets a member whose shard is gone: what it held went with it. */
  forget(): void {
    this.calls = 0;
    this.resize(0);
  }

  /** What the shard says it holds. */
  get bytes(): number {
    return this.size;
  }

  /** True while a call reads what the shard holds. */
  get inUse(): boolean {
    return this.calls > 0;
  }

  /** A call starts reading what the shard holds: it is the most recently used, and not let go until `leave`. */
  enter(): void {
    this.calls++;
    this.memory.touch(this);
  }

  /** The call that `enter` started is done: the shard may be let go now, if the shards are over their budget. */
  leave(): void {
    this.calls = Math.max(0, this.calls - 1);
    if (this.calls > 0) return;
    if (this.size === 0) this.memory.untrack(this);
    else if (this.memory.over) this.memory.trim();
  }

  /** The shard holds `bytes` now; growing may let other shards go. */
  resize(bytes: number): void {
    const by = bytes - this.size;
    this.size = bytes;
    if (bytes > 0) this.memory.track(this);
    else if (this.calls === 0) this.memory.untrack(this);
    if (by !== 0) this.memory.changed(by);
  }

  /** Has the shard let go of what it holds, for the budget. */
  release(): void {
    this.holder.deref()?.release();
    this.resize(0);
  }
}

/** The budget of this isolate's shards: every `CatalogueShard` joins it unless given its own (tests). */
export const isolateShardMemory = new ShardMemory();
