import { afterEach, describe, expect, it, vi } from 'vitest';
import { appendChange } from '../../test/helpers/changes';
import type { ChangeLog } from './change-log';
import type { ProductChange } from './event';
import { createMemoryChangeLog } from './memory-change-log';
import { ChangeTail, TooManyFollowersError } from './tail';

const versions = new Map<string, number>();

/** The next event of a product, appended to the log (its row's version follows). */
async function write(log: ChangeLog, productId: string, economy = 'JP', padding = 0): Promise<ProductChange> {
  const version = (versions.get(productId) ?? 0) + 1;
  const event = await appendChange(log, { productId, version, economy, padding });
  versions.set(productId, version);
  return event;
}

/** A log that counts its reads. */
function counted(log: ChangeLog): ChangeLog & { reads: number } {
  const wrapped = Object.create(log) as ChangeLog & { reads: number };
  wrapped.reads = 0;
  wrapped.read = (options) => (wrapped.reads++, log.read(options));
  return wrapped;
}

/** Every event id after `after`, in the log's order (economies merged by time, ties by economy). */
async function logOrder(log: ChangeLog, after: string): Promise<string[]> {
  const ids: string[] = [];
  for (let cursor = after, more = true; more; ) {
    const page = await log.read({ after: cursor, limit: 500 });
    ids.push(...page.entries.map((e) => e.change.id));
    [cursor, more] = [page.next, page.hasMore];
  }
  return ids;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('ChangeTail', () => {
  it('says when a live follower is ready: not while an entry is at hand, then once the tail hands one over, or at its end', async () => {
    const log = createMemoryChangeLog();
    const tail = new ChangeTail({ log, pollMs: 3_600_000 });
    const follower = await tail.follow({});
    const ready = follower.ready();
    expect(ready).not.toBeNull();
    let resolved = false;
    void ready!.then(() => (resolved = true));
    await write(log, 'jp-ovop:READY');
    await Promise.resolve();
    expect(resolved).toBe(false);
    await tail.pollNow();
    await ready;
    expect(follower.ready()).toBeNull();
    expect((await follower.next())?.change.productId).toBe('jp-ovop:READY');
    const ending = follower.ready();
    expect(ending).not.toBeNull();
    follower.close();
    await ending;
    expect(follower.ready()).toBeNull();
    expect(await follower.next()).toBeNull();
  });

  it('hands each entry once to a follower whose catch-up overlaps what the tail read', async () => {
    const log = createMemoryChangeLog();
    // An hour between ticks: every read of the tail here is a pollNow.
    const tail = new ChangeTail({ log, pollMs: 3_600_000 });
    const live = await tail.follow({});
    const before = await log.head();
    const written = [await write(log, 'jp-ovop:A'), await write(log, 'my-ovop:B', 'MY'), await write(log, 'jp-ovop:A')];
    // The resuming follower joins at the tail's head (before the writes) and reads them from the log...
    const resuming = await tail.follow({ after: before });
    // ...and the tail then hands the same three over.
    await tail.pollNow();
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) seen.push((await resuming.next())!.change.id);
    const fourth = await write(log, 'my-ovop:B', 'MY');
    await tail.pollNow();
    seen.push((await resuming.next())!.change.id);
    // In the log's order (economies merged by time: two writes in one millisecond go by economy).
    expect(new Set(seen)).toEqual(new Set([...written, fourth].map((e) => e.id)));
    expect(seen).toEqual(await logOrder(log, before));
    // The live one saw the same, from the tail alone.
    const liveSeen: string[] = [];
    for (let i = 0; i < 4; i++) liveSeen.push((await live.next())!.change.id);
    expect(liveSeen).toEqual(seen);
    live.close();
    resuming.close();
  });

  it('gives each entry the cursor that resumes right after it', async () => {
    const log = createMemoryChangeLog();
    const tail = new ChangeTail({ log, pollMs: 3_600_000 });
    const start = await log.head();
    await write(log, 'jp-ovop:C'), await write(log, 'my-ovop:D', 'MY'), await write(log, 'jp-ovop:C');
    const order = await logOrder(log, start);
    const first = await tail.follow({ after: start });
    const entry = (await first.next())!;
    expect(entry.change.id).toBe(order[0]);
    first.close();
    const resumed = await tail.follow({ after: entry.cursor });
    expect([(await resumed.next())!.change.id, (await resumed.next())!.change.id]).toEqual(order.slice(1));
    resumed.close();
  });

  it('passes only what the filter takes, from the log and from the tail', async () => {
    const log = createMemoryChangeLog();
    const tail = new ChangeTail({ log, pollMs: 3_600_000 });
    const start = await log.head();
    await write(log, 'jp-ovop:E');
    const wanted = await write(log, 'my-ovop:F', 'MY');
    const follower = await tail.follow({ after: start, filter: { economies: ['MY'] } });
    expect((await follower.next())!.change.id).toBe(wanted.id);
    await write(log, 'jp-ovop:E');
    const next = await write(log, 'my-ovop:F', 'MY');
    await tail.pollNow();
    expect((await follower.next())!.change.id).toBe(next.id);
    follower.close();
  });

  it('drops a live follower that holds more than its bound, saying so', async () => {
    const log = createMemoryChangeLog();
    const tail = new ChangeTail({ log, pollMs: 3_600_000 });
    const slow = await tail.follow({ maxBytes: 4096 });
    for (let i = 0; i < 20; i++) await write(log, `jp-ovop:S${i}`, 'JP', 200);
    await tail.pollNow();
    expect(slow.ended).toBe('slow-consumer');
    expect(slow.heldBytes).toBe(0);
    expect(await slow.next()).toBeNull();
    expect(tail.followers).toBe(0);
  });

  it('while catching up, lets the tail overflow and reads the log again instead of dropping', async () => {
    const log = createMemoryChangeLog();
    const tail = new ChangeTail({ log, pollMs: 3_600_000 });
    const keeper = await tail.follow({});
    const start = await log.head();
    const written: string[] = [];
    for (let i = 0; i < 150; i++) written.push((await write(log, `jp-ovop:O${i}`, 'JP', 100)).id);
    const follower = await tail.follow({ after: start, maxBytes: 4096 });
    // The tail hands all 150 over while the follower still has its first page to take.
    await tail.pollNow();
    const seen: string[] = [];
    for (let i = 0; i < 150; i++) seen.push((await follower.next())!.change.id);
    expect(follower.ended).toBeNull();
    expect(seen).toEqual(written);
    keeper.close();
    follower.close();
  });

  it('takes nothing the tail handed over until its catch-up has reached the log end (economies interleaved)', async () => {
    const log = createMemoryChangeLog();
    const tail = new ChangeTail({ log, pollMs: 3_600_000 });
    const keeper = await tail.follow({});
    const start = await log.head();
    const written: string[] = [];
    for (let i = 0; i < 150; i++) written.push((await write(log, i % 2 ? `jp-ovop:I${i}` : `my-ovop:I${i}`, i % 2 ? 'JP' : 'MY')).id);
    await tail.pollNow();
    // Joins at the tail's head, past the backlog: more than one page of catch-up lies before it.
    const follower = await tail.follow({ after: start });
    for (let i = 0; i < 4; i++) written.push((await write(log, i % 2 ? 'jp-ovop:J' : 'my-ovop:J', i % 2 ? 'JP' : 'MY')).id);
    await tail.pollNow();
    const seen: string[] = [];
    for (let i = 0; i < written.length; i++) seen.push((await follower.next())!.change.id);
    expect(new Set(seen)).toEqual(new Set(written));
    expect(seen).toEqual(await logOrder(log, start));
    keeper.close();
    follower.close();
  });

  it('reads the log once more when the tail overflowed during its last catch-up read', async () => {
    const inner = createMemoryChangeLog();
    const log = Object.create(inner) as ChangeLog;
    let hook: (() => Promise<void>) | null = null;
    let tail: ChangeTail;
    // Catch-up reads take 100; while the first one is out, more is written and the tail hands it over.
    log.read = async (options) => {
      const page = await inner.read(options);
      if (options.limit === 100 && hook) {
        const run = hook;
        hook = null;
        await run();
      }
      return page;
    };
    tail = new ChangeTail({ log, pollMs: 3_600_000 });
    const keeper = await tail.follow({});
    const start = await log.head();
    const written = [(await write(log, 'jp-ovop:L0')).id];
    hook = async () => {
      for (let i = 1; i <= 30; i++) written.push((await write(log, `jp-ovop:L${i}`, 'JP', 100)).id);
      await tail.pollNow();
    };
    const follower = await tail.follow({ after: start, maxBytes: 2048 });
    const seen: string[] = [];
    for (let i = 0; i < written.length; i++) seen.push((await follower.next())!.change.id);
    expect(seen).toEqual(written);
    keeper.close();
    follower.close();
  });

  it('reads the log once a tick for all its followers, and not at all once none is left', async () => {
    vi.useFakeTimers();
    const log = counted(createMemoryChangeLog());
    const tail = new ChangeTail({ log, pollMs: 300 });
    const followers = await Promise.all(Array.from({ length: 50 }, () => tail.follow({})));
    await write(log, 'jp-ovop:T');
    await vi.advanceTimersByTimeAsync(300);
    expect(log.reads).toBe(1);
    for (const f of followers) expect((await f.next())!.change.productId).toBe('jp-ovop:T');
    for (const f of followers) f.close();
    const reads = log.reads;
    await vi.advanceTimersByTimeAsync(3000);
    expect(log.reads).toBe(reads);
  });

  it('ends every follower once the instance drains, and takes no more', async () => {
    vi.useFakeTimers();
    let draining = false;
    const tail = new ChangeTail({ log: createMemoryChangeLog(), pollMs: 300, draining: () => draining });
    const followers = await Promise.all([tail.follow({}), tail.follow({})]);
    const waiting = followers.map((f) => f.next());
    draining = true;
    await vi.advanceTimersByTimeAsync(300);
    expect(await Promise.all(waiting)).toEqual([null, null]);
    expect(followers.map((f) => f.ended)).toEqual(['shutting-down', 'shutting-down']);
    expect(tail.followers).toBe(0);
    await expect(tail.follow({})).rejects.toBeInstanceOf(TooManyFollowersError);
  });

  it('ends its followers when its own place falls out of the log (a burst past the byte bound)', async () => {
    const errors: unknown[] = [];
    const log = createMemoryChangeLog({ maxEventBytes: 8_000 });
    const tail = new ChangeTail({ log, pollMs: 3_600_000, onError: (error) => errors.push(error) });
    const follower = await tail.follow({});
    for (let i = 0; i < 40; i++) await write(log, `jp-ovop:B${i}`, 'JP', 400);
    await tail.pollNow();
    expect(errors.map((e) => (e as Error).name)).toEqual(['CursorExpiredError']);
    expect(follower.ended).toBe('closed');
    expect(await follower.next()).toBeNull();
  });

  it('refuses followers past its cap, and takes them again once one leaves', async () => {
    const tail = new ChangeTail({ log: createMemoryChangeLog(), maxFollowers: 2 });
    const a = await tail.follow({});
    await tail.follow({});
    await expect(tail.follow({})).rejects.toBeInstanceOf(TooManyFollowersError);
    a.close();
    const c = await tail.follow({});
    expect(tail.followers).toBe(2);
    c.close();
  });
});

describe('ChangeTail with perFollower (Workers: each stream reads the log itself)', () => {
  it('replays after the cursor, then reads what is written later from its own place, each entry once; counts and lets go', async () => {
    const log = counted(createMemoryChangeLog());
    const tail = new ChangeTail({ log, pollMs: 5, perFollower: true, maxFollowers: 2 });
    const start = await log.head();
    const first = await write(log, 'jp-ovop:pf1');
    const follower = await tail.follow({ after: start });
    const live = await tail.follow({});
    expect(tail.followers).toBe(2);
    await expect(tail.follow({})).rejects.toBeInstanceOf(TooManyFollowersError);
    expect((await follower.next())!.change.id).toBe(first.id);
    await write(log, 'jp-ovop:pf2', 'VN');
    await write(log, 'jp-ovop:pf1');
    const later = (await logOrder(log, start)).slice(1);
    expect([(await follower.next())!.change.id, (await follower.next())!.change.id]).toEqual(later);
    // The one with no cursor started at the head it read: only what came after it.
    expect([(await live.next())!.change.id, (await live.next())!.change.id]).toEqual(later);
    // Nothing more: a next() waits, reading the log every poll, and a close ends it.
    const reads = log.reads;
    const waiting = follower.next();
    await vi.waitFor(() => expect(log.reads).toBeGreaterThan(reads + 1));
    follower.close();
    expect(await waiting).toBeNull();
    live.close();
    expect(tail.followers).toBe(0);
  });

  it('ends its followers once the instance drains', async () => {
    let draining = false;
    const tail = new ChangeTail({ log: createMemoryChangeLog(), pollMs: 5, perFollower: true, draining: () => draining });
    const follower = await tail.follow({});
    const waiting = follower.next();
    draining = true;
    expect(await waiting).toBeNull();
    expect(follower.ended).toBe('shutting-down');
    expect(tail.followers).toBe(0);
  });
});
