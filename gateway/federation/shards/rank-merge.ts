/** One shard's side of a connector's rank merge: its sorted ids read in chunks, its ranks written back in chunks. */
export interface RankSource {
  /** How many ids the shard's slice of the connector has (what its `finish` answered). */
  count: number;
  /** Up to `count` of its ids in ascending order after the first `after`, packed (`packIds`). */
  read(after: number, count: number): Promise<string>;
  /** The ranks of its ids from position `offset` on, in the order they were read. */
  write(offset: number, ranks: Int32Array): Promise<void>;
}

/** Ids read from a shard at once, and ranks sent back at once. @default */
export const RANK_CHUNK = 1024;

/**
 * Ranks a connector's ids over every shard in the whole id order (JavaScript's string order, as
 * `rankIds`), streamed: each shard's sorted ids are read `chunk` at a time, and each shard's ranks
 * are sent back `chunk` at a time, so the Worker holds a chunk of ids and one of ranks per shard,
 * whatever the catalogue's size (issue 30: every shard's ids at once were 23 bytes an id). An id is
 * in one shard only (`shardOf`), and a shard's ids are unique. Answers how many ids were ranked.
 * @default chunk RANK_CHUNK
 */
export async function mergeRanks({ sources, chunk = RANK_CHUNK }: { sources: readonly RankSource[]; chunk?: number }): Promise<number> {
  const size = Math.max(1, chunk);
  const cursors = sources.map((source) => new Cursor(source, size));
  await Promise.all(cursors.map((cursor) => cursor.fill()));
  let rank = 0;
  for (;;) {
    let best: Cursor | undefined;
    for (const cursor of cursors) {
      const head = cursor.head;
      if (head !== undefined && (best === undefined || head < best.head!)) best = cursor;
    }
    if (!best) break;
    // A shard whose write before the one just sent is still under way holds the merge back: two at most in flight.
    const before = best.take(rank++);
    if (before) await before;
    if (best.head === undefined) await best.fill();
  }
  await Promise.all(cursors.map((cursor) => cursor.end()));
  return rank;
}

/** A shard's place in the merge: its chunk of ids, how many it has read, and its ranks not yet sent. */
class Cursor {
  private ids: string[] = [];
  private at = 0;
  /** Ids read from the shard so far. */
  private read = 0;
  private ranks: Int32Array;
  private filled = 0;
  /** Ids ranked so far: where the ranks not yet sent start. */
  private ranked = 0;
  /** The write under way (one at a time per shard, so its rows arrive in order). */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: RankSource,
    private readonly size: number,
  ) {
    this.ranks = new Int32Array(Math.min(size, source.count));
  }

  /** The least id not yet ranked, undefined when the chunk is spent (then `fill`) or the shard has no more. */
  get head(): string | undefined {
    return this.ids[this.at];
  }

  /** Reads the next chunk of ids, if the shard has more. */
  async fill(): Promise<void> {
    this.ids = [];
    this.at = 0;
    if (this.read >= this.source.count) return;
    const packed = await this.source.read(this.read, Math.min(this.size, this.source.count - this.read));
    this.ids = packed === '' ? [] : packed.split('\n');
    if (this.ids.length === 0) throw new Error(`a shard answered no ids after ${this.read} of ${this.source.count}`);
    this.read += this.ids.length;
  }

  /** Gives the head its rank, and sends the chunk of ranks on once full: then answers the write before it, to be awaited. */
  take(rank: number): Promise<void> | undefined {
    this.at++;
    this.ranks[this.filled++] = rank;
    return this.filled === this.ranks.length ? this.send() : undefined;
  }

  /** Sends the ranks left, and waits for every write. */
  async end(): Promise<void> {
    if (this.filled > 0) this.send();
    await this.writing;
    if (this.ranked !== this.source.count) throw new Error(`ranked ${this.ranked} of a shard's ${this.source.count} ids`);
  }

  /** Sends the ranks gathered (after the write before them); answers the write before. */
  private send(): Promise<void> {
    const ranks = this.ranks.subarray(0, this.filled);
    const offset = this.ranked;
    this.ranked += this.filled;
    this.filled = 0;
    this.ranks = new Int32Array(Math.max(1, Math.min(this.size, this.source.count - this.ranked)));
    const before = this.writing;
    this.writing = before.then(() => this.source.write(offset, ranks));
    // Handled here too, so that a failed write is not reported as unhandled before `end` throws it.
    this.writing.catch(() => undefined);
    return before;
  }
}
