import type { ChangeEntry, ChangeLog } from './change-log';
import { compareIds, decodeCursor, encodeCursor, type StreamId } from './cursor';
import { CursorExpiredError } from './errors';
import { activeFilter, type ChangeFilter, matchesFilter } from './filter';

export interface ChangeTailOptions {
  log: ChangeLog;
  /** How often the tail reads the log while anyone listens. @default 300 */
  pollMs?: number;
  /** Most followers at once (SSE streams and subscriptions together); past it `follow` throws TooManyFollowersError. @default 1000 */
  maxFollowers?: number;
  /** Entries one read takes (the log's own limit is 500). @default 500 */
  pageSize?: number;
  /** Told when a read of the log fails; the tail tries again at the next poll. */
  onError?: (error: unknown) => void;
  /** True once the instance is shutting down: at its next tick the tail ends every follower ('shutting-down'), so readers resume elsewhere. */
  draining?: () => boolean;
  /**
   * Each follower reads the log itself, every `pollMs` while it waits, from the request that reads
   * it, instead of one poll handing entries to all. For Workers: a request's timers and I/O belong
   * to it and end with it, so no request may feed another's stream; the log (the Durable Object)
   * is read once per stream and poll. @default false
   */
  perFollower?: boolean;
}

/** Per follower, the bytes of changes it may hold unsent (live ones from the tail, or a page of catch-up). @default 1048576 */
export const DEFAULT_FOLLOWER_BYTES = 1024 * 1024;

/** More followers than the tail takes, or the instance is shutting down: the stream answers 503. */
export class TooManyFollowersError extends Error {
  override readonly name = 'TooManyFollowersError';
  constructor(
    readonly limit: number,
    draining = false,
  ) {
    super(draining ? 'this instance is shutting down; reconnect and resume with Last-Event-ID' : `at most ${limit} change streams at once; try again later`);
  }
}

/** Why a follower ended without being asked to: the reader resumes from its last cursor. */
export type FollowEnd = 'slow-consumer' | 'shutting-down' | 'closed';

interface Sized extends ChangeEntry {
  bytes: number;
  /** The entry's own position in its economy's stream. */
  id: StreamId;
}

/**
 * One tail of the change log per instance: while anyone listens it reads what follows its head
 * every `pollMs` and hands each new entry to every follower in process, so a thousand open
 * streams cost one read of the log, not a thousand. With no one listening it stops.
 */
export class ChangeTail {
  private readonly log: ChangeLog;
  private readonly pollMs: number;
  private readonly pageSize: number;
  readonly maxFollowers: number;
  private readonly onError: (error: unknown) => void;
  private readonly draining: () => boolean;
  /** Each follower reads the log itself, from its own request (ChangeTailOptions.perFollower: Workers). */
  readonly perFollower: boolean;
  /** Followers reading the log themselves (perFollower). */
  private own = 0;
  /** Followers the tail hands entries to (not those reading the log themselves). */
  private readonly listeners = new Set<ChangeFollower>();
  private head: string | null = null;
  private starting: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private polling: Promise<void> | null = null;

  constructor(options: ChangeTailOptions) {
    this.log = options.log;
    this.pollMs = options.pollMs ?? 300;
    this.pageSize = options.pageSize ?? 500;
    this.maxFollowers = options.maxFollowers ?? 1000;
    this.onError = options.onError ?? (() => {});
    this.draining = options.draining ?? never;
    this.perFollower = options.perFollower ?? false;
  }

  /** Followers now listening. */
  get followers(): number {
    return this.listeners.size + this.own;
  }

  /**
   * Follows the log after `after` (null: from the head, live only) for the changes `filter` passes:
   * what the log holds past the cursor first, read page by page as the follower is drained, then
   * what the tail reads, each entry once. Throws TooManyFollowersError past `maxFollowers` (or
   * while draining), and the log's InvalidCursorError or CursorExpiredError for a bad cursor.
   */
  async follow(options: { after?: string | null; filter?: ChangeFilter | null; maxBytes?: number }): Promise<ChangeFollower> {
    if (this.draining()) throw new TooManyFollowersError(this.maxFollowers, true);
    if (this.followers >= this.maxFollowers) throw new TooManyFollowersError(this.maxFollowers);
    if (options.after) decodeCursor(options.after);
    if (this.perFollower) return this.followAlone(options);
    const follower = new ChangeFollower({
      log: this.log,
      filter: options.filter,
      maxBytes: options.maxBytes ?? DEFAULT_FOLLOWER_BYTES,
      tail: this,
    });
    // Until the tail has a head at this very turn (the last follower may have left while it was taken).
    while (this.head === null) {
      this.starting ??= this.log.head().then((head) => {
        this.head = head;
        this.starting = null;
      });
      try {
        await this.starting;
      } catch (error) {
        this.starting = null;
        throw error;
      }
    }
    // Others may have joined while the head was read.
    if (this.listeners.size >= this.maxFollowers) throw new TooManyFollowersError(this.maxFollowers);
    // Synchronously with taking the head: whatever the tail reads after it reaches this follower.
    this.listeners.add(follower);
    follower.begin(options.after ?? null, this.head!);
    this.schedule();
    // The first catch-up read now, so a cursor the log refuses is refused before anything is sent.
    try {
      await follower.prime();
    } catch (error) {
      follower.close();
      throw error;
    }
    return follower;
  }

  /** A follower that reads the log itself (perFollower): its place taken from the log's head when it has no cursor. */
  private async followAlone(options: { after?: string | null; filter?: ChangeFilter | null; maxBytes?: number }): Promise<ChangeFollower> {
    this.own++;
    const follower = new ChangeFollower({
      log: this.log,
      filter: options.filter,
      maxBytes: options.maxBytes ?? DEFAULT_FOLLOWER_BYTES,
      tail: this,
      pollMs: this.pollMs,
      draining: this.draining,
    });
    try {
      follower.begin(options.after ?? null, options.after ? options.after : await this.log.head());
      await follower.prime();
    } catch (error) {
      follower.close();
      throw error;
    }
    return follower;
  }

  /** Forgets a follower that has ended: ChangeFollower.close calls it, once. */
  leave(follower: ChangeFollower): void {
    if (follower.readsItself) {
      this.own--;
      return;
    }
    this.listeners.delete(follower);
    if (this.listeners.size === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      // The next follower takes the head afresh: nothing is read for no one.
      if (!this.polling) this.head = null;
    }
  }

  /**
   * Reads the log now rather than at the next tick, and resolves once what it read is handed out:
   * for a writer in this process that has just appended, and for tests. Nothing when no one listens.
   */
  async pollNow(): Promise<void> {
    if (this.polling) await this.polling;
    if (this.listeners.size === 0 || this.head === null) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.poll();
  }

  private schedule(): void {
    if (this.timer || this.polling || this.listeners.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.draining()) {
        for (const follower of [...this.listeners]) follower.close('shutting-down');
        return;
      }
      void this.poll();
    }, this.pollMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private poll(): Promise<void> {
    this.polling = this.read().finally(() => {
      this.polling = null;
      if (this.listeners.size === 0) this.head = null;
      this.schedule();
    });
    return this.polling;
  }

  private async read(): Promise<void> {
    try {
      for (let more = true; more && this.listeners.size > 0; ) {
        const page = await this.log.read({ after: this.head, limit: this.pageSize });
        const sized = page.entries.map((entry) => sizeOf(entry));
        // Head and hand-out together, with no await between: a follower joining now starts at the new head.
        this.head = page.next;
        for (const follower of this.listeners) follower.receive(sized);
        more = page.hasMore;
      }
    } catch (error) {
      this.onError(error);
      // The tail's own place is gone (a burst past the log's byte bound): it cannot hand over what
      // followed it, so its followers end and resume from their own cursors, which say 410 if theirs went too.
      if (error instanceof CursorExpiredError) for (const follower of [...this.listeners]) follower.close('closed');
    }
  }
}

/** An entry with its byte estimate and its own stream position. */
function sizeOf(entry: ChangeEntry): Sized {
  const id = decodeCursor(entry.cursor).get(entry.change.economy)!;
  return { ...entry, id, bytes: 256 + JSON.stringify(entry.change).length };
}

/**
 * One reader's place in the log: `next()` gives its changes in order, each with the cursor that
 * resumes right after it, and resolves null when it ends (`ended` says why). Changes it has not
 * taken are held up to `maxBytes`: while catching up it then reads the log again instead; once
 * live it ends as a slow consumer, and the reader resumes from its last cursor.
 */
export class ChangeFollower {
  /** Why it ended, once it has. */
  ended: FollowEnd | null = null;
  private readonly log: ChangeLog;
  private readonly filter: ChangeFilter | null;
  private readonly maxBytes: number;
  private readonly tail: Pick<ChangeTail, 'leave'>;
  /**
   * Where it stands while entries pass through it; between them (idle) only `at` is kept, the same
   * positions as a cursor: one string rather than a map of an id per economy.
   */
  private positions: Map<string, StreamId> | null = null;
  /** Its cursor when `positions` is null. */
  private at = '';
  /** The log cursor catch-up reads from, or null once live. */
  private catchUp: string | null = null;
  /** The tail handed over more than fits while catching up: read the log once more before going live. */
  private overflowed = false;
  /** Entries of the last catch-up read, not yet taken. */
  private page: Sized[] = [];
  /** Entries the tail handed over, not yet taken (live ones; bounded by maxBytes). */
  private queue: Sized[] = [];
  private queued = 0;
  private wake: (() => void) | null = null;
  /** Reads the log itself every pollMs once caught up (ChangeTailOptions.perFollower), or null: the tail hands it entries. */
  private readonly pollMs: number | null;
  private readonly draining: () => boolean;

  constructor(options: {
    log: ChangeLog;
    filter?: ChangeFilter | null;
    maxBytes: number;
    /** Told once when it ends. */
    tail: Pick<ChangeTail, 'leave'>;
    pollMs?: number;
    draining?: () => boolean;
  }) {
    this.log = options.log;
    // No filter rather than one that passes everything: an idle follower holds nothing for it.
    this.filter = activeFilter(options.filter);
    this.maxBytes = options.maxBytes;
    this.tail = options.tail;
    this.pollMs = options.pollMs ?? null;
    this.draining = options.draining ?? never;
  }

  /** Sets where it starts: after `after`, or at the tail's head (a cursor; it throws InvalidCursorError for a bad one). */
  begin(after: string | null, head: string): void {
    this.catchUp = after;
    decodeCursor(after ?? head);
    this.at = after ?? head;
    this.positions = null;
  }

  /** The cursor of everything this follower has passed (taken or filtered out). */
  get cursor(): string {
    return this.positions ? encodeCursor(this.positions) : this.at;
  }

  /** True when it reads the log itself (ChangeTailOptions.perFollower) rather than being handed entries by the tail. */
  get readsItself(): boolean {
    return this.pollMs !== null;
  }

  /** Bytes held for this follower now. */
  get heldBytes(): number {
    return this.queued;
  }

  /**
   * Null when `next()` may not have to wait; else a promise that resolves once it may not (the tail
   * handed entries over, or the follower ended). For a reader that idles long: waiting on this holds
   * one promise, where a pending `next()` holds its own frame and its caller's too. Always null for
   * a follower that reads the log itself.
   */
  ready(): Promise<void> | null {
    if (this.ended || this.pollMs !== null || this.catchUp !== null || this.page.length > 0 || this.queue.length > 0) return null;
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** The next change, or null once ended. Waits while there is none. */
  async next(): Promise<ChangeEntry | null> {
    for (;;) {
      if (this.ended) return null;
      if (this.catchUp !== null && this.page.length === 0) await this.readLog();
      const entry = this.take();
      if (entry) return entry;
      if (this.ended) return null;
      if (this.catchUp !== null) continue;
      if (this.pollMs === null) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      // Reading the log itself: wait a poll (close() cuts it short), then read on from its own place.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs!);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = null;
      if (this.draining()) this.close('shutting-down');
      else this.catchUp = this.cursor;
    }
  }

  /** Ends it (the reader went away, or the stream is dropped): the tail forgets it. */
  close(reason: FollowEnd = 'closed'): void {
    if (this.ended) return;
    this.ended = reason;
    this.queue = [];
    this.page = [];
    this.queued = 0;
    this.tail.leave(this);
    this.wake?.();
    this.wake = null;
  }

  /**
   * The next entry not yet passed, with its cursor made from this follower's positions: from the
   * catch-up page while catching up (never the tail's, which may be ahead of the log's next page),
   * then from what the tail handed over, each economy's entries once.
   */
  private take(): ChangeEntry | null {
    const source = this.catchUp !== null || this.page.length > 0 ? this.page : this.queue;
    while (source.length > 0) {
      const entry = source.shift()!;
      if (source === this.queue) this.queued -= entry.bytes;
      const positions = (this.positions ??= decodeCursor(this.at));
      const economy = entry.change.economy;
      const at = positions.get(economy);
      if (at !== undefined && compareIds(entry.id, at) <= 0) continue;
      positions.set(economy, entry.id);
      if (!matchesFilter(entry.change, this.filter)) continue;
      return { cursor: encodeCursor(positions), change: entry.change };
    }
    if (source === this.page && this.catchUp === null) return this.take();
    // Nothing more at hand: back to the one string until entries come.
    if (this.positions) {
      this.at = encodeCursor(this.positions);
      this.positions = null;
    }
    return null;
  }

  /** Entries the tail read (the tail calls it): those the filter passes are held for `next()`, within `maxBytes`. */
  receive(entries: readonly Sized[]): void {
    if (this.ended || entries.length === 0) return;
    for (const entry of entries) {
      if (!matchesFilter(entry.change, this.filter)) continue;
      if (this.queued + entry.bytes > this.maxBytes) {
        if (this.catchUp !== null) {
          // Still catching up: the log holds these, so let them go and read it once more at the end.
          this.overflowed = true;
          this.queue = [];
          this.queued = 0;
          return;
        }
        this.close('slow-consumer');
        return;
      }
      this.queue.push(entry);
      this.queued += entry.bytes;
    }
    this.wake?.();
    this.wake = null;
  }

  /** Reads the first page of catch-up, when there is one to read. */
  async prime(): Promise<void> {
    if (this.catchUp !== null && this.page.length === 0) await this.readLog();
  }

  /** One page of catch-up; live once a read finds no more and the tail dropped nothing meanwhile. */
  private async readLog(): Promise<void> {
    const from = this.catchUp!;
    this.overflowed = false;
    const page = await this.log.read({ after: from, limit: CATCH_UP_PAGE, filter: this.filter });
    if (this.ended) return;
    this.page = page.entries.map((entry) => sizeOf(entry));
    this.catchUp = page.hasMore || this.overflowed ? page.next : null;
  }
}

/** No draining: a follower the tail hands entries to is ended by the tail instead. */
const never = () => false;

/** Entries a catch-up read takes: a page of the log's own size, so a backlog is read as the reader drains it. */
const CATCH_UP_PAGE = 100;

const tails = new WeakMap<ChangeLog, ChangeTail>();

/**
 * The instance's one tail of a log, made on first use: the SSE route and the GraphQL subscription
 * share it without either having to be handed it. Options apply when it is made.
 */
export function tailOf(log: ChangeLog, options: Omit<ChangeTailOptions, 'log'> = {}): ChangeTail {
  let tail = tails.get(log);
  if (!tail) tails.set(log, (tail = new ChangeTail({ ...options, log })));
  return tail;
}
