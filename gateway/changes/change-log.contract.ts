import { expect, it } from 'vitest';
import { type ChangeLog, DIGESTS_AT_ONCE, type ProductCommit } from './change-log';
import { encodeCursor } from './cursor';
import { allDigests } from './digest-pages';
import { CursorExpiredError, InvalidCursorError } from './errors';
import type { ProductChange } from './event';
import { eventId } from './event-id';

/** A fresh, empty store under the contract: `open` makes a client on it (the same store each time). */
export interface ChangeLogHarness {
  open(options: { retentionSeconds: number; clock: () => number }): Promise<ChangeLog>;
  /** Drops a client's connection (a no-op where there is none). */
  disconnect(log: ChangeLog): Promise<void>;
}

const T0 = Date.parse('2026-12-01T00:00:00Z');

/** `n` events of one product from `base`, with the row they leave. */
async function commitOf(productId: string, economy: string, base: number, n = 1, seed = 'a'): Promise<ProductCommit> {
  const events: ProductChange[] = [];
  for (let i = 1; i <= n; i++) {
    const version = base + i;
    events.push({
      id: await eventId({ productId, type: 'UPDATED', version, before: `${seed}${version - 1}`, after: `${seed}${version}` }),
      type: base === 0 && i === 1 ? 'CREATED' : 'UPDATED',
      occurredAt: new Date(T0).toISOString(),
      productId,
      economy,
      connector: productId.split(':')[0]!,
      version,
      aspects: ['PRICE'],
      changes: [{ path: 'price.amount', before: String(version - 1), after: String(version) }],
      compliance: null,
      category: 'FOOD',
      certifications: [],
    });
  }
  return {
    productId,
    baseVersion: base,
    events,
    row: { productId, version: base + n, hash: `${seed}${base + n}`, fields: { 'price.amount': String(base + n) } },
  };
}

async function readAll(log: ChangeLog, after?: string | null, limit = 2) {
  const seen: ProductChange[] = [];
  let cursor = after ?? null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await log.read({ after: cursor, limit });
    seen.push(...page.entries.map((e) => e.change));
    cursor = page.next;
    if (!page.hasMore) return { seen, cursor };
  }
  throw new Error('the log never said it had no more');
}

/**
 * The change log's contract, run against every implementation (memory beside it, Redis in test/):
 * order across economies, dedup across clients, the version check, cursors across reconnects,
 * expiry, the state beside the log.
 */
export function changeLogContract(store: () => Promise<ChangeLogHarness>): void {
  let harness: ChangeLogHarness;
  const setup = async (retentionSeconds = 3600) => {
    harness = await store();
    const time = { now: T0 };
    const clock = () => time.now;
    return { time, clock, log: await harness.open({ retentionSeconds, clock }), open: () => harness.open({ retentionSeconds, clock }) };
  };

  it("reads all 21 APEC economies' streams in the order written, whole or filtered (more than one SQL statement may union)", async () => {
    const { time, log } = await setup();
    const economies = ['AU', 'BN', 'CA', 'CL', 'CN', 'HK', 'ID', 'JP', 'KR', 'MX', 'MY', 'NZ', 'PE', 'PG', 'PH', 'RU', 'SG', 'TH', 'TW', 'US', 'VN'];
    const order: string[] = [];
    // Twice round, the second in reverse, so that the time order crosses economies both ways.
    for (const economy of [...economies, ...[...economies].reverse()]) {
      time.now += 3;
      const product = `${economy.toLowerCase()}-ovop:p`;
      const state = await log.state(`${economy.toLowerCase()}-ovop`, economy);
      const commit = await commitOf(product, economy, state.rows.get(product)?.version ?? 0);
      order.push(...(await log.append({ connector: `${economy.toLowerCase()}-ovop`, economy, commits: [commit] })).written.map((e) => e.id));
    }
    expect((await readAll(log, null, 500)).seen.map((e) => e.id)).toEqual(order);
    expect((await readAll(log, null, 4)).seen.map((e) => e.id)).toEqual(order);
    const some = ['TW', 'AU', 'VN', 'PE', 'JP', 'CA', 'SG'];
    const filtered = await log.read({ limit: 500, filter: { economies: some } });
    expect(filtered.entries.map((e) => e.change.id)).toEqual(order.filter((_, i) => some.includes([...economies, ...[...economies].reverse()][i]!)));
  });

  it('reads every economy in the order written, one product in version order, across pages', async () => {
    const { time, log } = await setup();
    const order: string[] = [];
    for (const [economy, product] of [
      ['JP', 'jp-ovop:a'],
      ['MY', 'my-ovop:b'],
      ['JP', 'jp-ovop:c'],
      ['VN', 'vn-ocop:d'],
      ['MY', 'my-ovop:b'],
    ] as const) {
      time.now += 5;
      const state = await log.state(product.split(':')[0]!, economy);
      const commit = await commitOf(product, economy, state.rows.get(product)?.version ?? 0);
      const { written } = await log.append({ connector: product.split(':')[0]!, economy, commits: [commit] });
      order.push(...written.map((e) => e.id));
    }
    const { seen } = await readAll(log);
    expect(seen.map((e) => e.id)).toEqual(order);
    expect(seen.filter((e) => e.productId === 'my-ovop:b').map((e) => e.version)).toEqual([1, 2]);
    // Events written within one millisecond keep their order too.
    const { written } = await log.append({ connector: 'th-otop', economy: 'TH', commits: [await commitOf('th-otop:x', 'TH', 0, 3)] });
    const after = await readAll(log);
    expect(after.seen.slice(-3).map((e) => e.id)).toEqual(written.map((e) => e.id));
  });

  it('writes a change once when two clients append it, and refuses a stale version', async () => {
    const { log, open } = await setup();
    const other = await open();
    const commit = await commitOf('id-ovop:k', 'ID', 0, 2);
    const [a, b] = await Promise.all([
      log.append({ connector: 'id-ovop', economy: 'ID', commits: [commit] }),
      other.append({ connector: 'id-ovop', economy: 'ID', commits: [commit] }),
    ]);
    expect(a.written.length + b.written.length).toBe(2);
    expect([...a.duplicates, ...b.duplicates]).toEqual(['id-ovop:k']);
    const stale = await commitOf('id-ovop:k', 'ID', 0, 1, 'other-state');
    expect(await log.append({ connector: 'id-ovop', economy: 'ID', commits: [stale] })).toEqual({ written: [], duplicates: [], conflicts: ['id-ovop:k'] });
    const { seen } = await readAll(other);
    expect(seen.filter((e) => e.productId === 'id-ovop:k').map((e) => e.version)).toEqual([1, 2]);
    expect((await other.state('id-ovop', 'ID')).rows.get('id-ovop:k')).toMatchObject({ version: 2, hash: 'a2' });
    await harness.disconnect(other);
  });

  it('keeps rows and held removals per connector', async () => {
    const { log } = await setup();
    const held = { productIds: ['jp-ovop:gone'], since: new Date(T0).toISOString(), reason: 'REMOVAL_RATIO' as const };
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await commitOf('jp-ovop:r', 'JP', 0)], held });
    const state = await log.state('jp-ovop', 'JP');
    expect(state.held).toEqual(held);
    expect(await log.held('jp-ovop', 'JP')).toEqual(held);
    expect(await log.held('jp-other', 'JP')).toBeNull();
    expect([...state.rows.keys()]).toEqual(['jp-ovop:r']);
    expect((await log.state('jp-other', 'JP')).rows.size).toBe(0);
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [] });
    expect((await log.state('jp-ovop', 'JP')).held).toEqual(held);
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [], held: null });
    expect((await log.state('jp-ovop', 'JP')).held).toBeNull();
    expect(await log.held('jp-ovop', 'JP')).toBeNull();
  });

  it('keeps a digest beside each row, written with it, and reads rows by id', async () => {
    const { log, open } = await setup();
    const first = await commitOf('jp-ovop:d1', 'JP', 0);
    const second = await commitOf('jp-ovop:d2', 'JP', 0);
    second.row = {
      ...second.row,
      source: 'feedc0de',
      fields: { ...second.row.fields, 'certifications.HALAL.scheme': 'HALAL', 'certifications.HALAL.validUntil': '2026-12-20' },
    };
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [first, second] });
    const tombstone = { productId: 'jp-ovop:d1', version: 1, hash: '', fields: {}, removedAt: new Date(T0).toISOString() };
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [{ productId: 'jp-ovop:d1', baseVersion: 1, events: [], row: tombstone }] });
    const other = await open();
    expect(await other.held('jp-ovop', 'JP')).toBeNull();
    const expected = {
      'jp-ovop:d1': { version: 1, hash: '', source: '', removed: true, unrecorded: false, due: '' },
      'jp-ovop:d2': { version: 1, hash: 'a1', source: 'feedc0de', removed: false, unrecorded: true, due: '2026-12-20' },
    };
    expect(Object.fromEntries(await allDigests(other, 'jp-ovop', 'JP'))).toEqual(expected);
    // By id, a batch at once: those it has.
    const looked = await other.digestsOf('jp-ovop', 'JP', ['jp-ovop:d2', 'jp-ovop:none', 'jp-ovop:d1']);
    expect(Object.fromEntries(looked)).toEqual(expected);
    expect((await other.digestsOf('jp-ovop', 'JP', [])).size).toBe(0);
    expect((await other.digestsOf('jp-other', 'JP', ['jp-other:d1'])).size).toBe(0);
    await expect(
      other.digestsOf(
        'jp-ovop',
        'JP',
        Array.from({ length: DIGESTS_AT_ONCE + 1 }, (_, i) => `jp-ovop:x${i}`),
      ),
    ).rejects.toThrow();
    const rows = await other.rows('jp-ovop', 'JP', ['jp-ovop:d2', 'jp-ovop:none', 'jp-ovop:d1']);
    expect([...rows.keys()].sort()).toEqual(['jp-ovop:d1', 'jp-ovop:d2']);
    expect(rows.get('jp-ovop:d2')).toEqual(second.row);
    expect(rows.get('jp-ovop:d1')).toEqual(tombstone);
    expect((await other.rows('jp-ovop', 'JP', [])).size).toBe(0);
    expect((await allDigests(other, 'jp-other', 'JP')).size).toBe(0);
    await harness.disconnect(other);
  });

  it("walks a connector's digests a page at a time, each product once, while rows are written between pages", async () => {
    const { log, open } = await setup();
    const ids = Array.from({ length: 7 }, (_, i) => `jp-ovop:w${i}`);
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: await Promise.all(ids.map((id) => commitOf(id, 'JP', 0))) });
    await log.append({ connector: 'jp-other', economy: 'JP', commits: [await commitOf('jp-other:w0', 'JP', 0)] });
    const other = await open();
    const walked: string[] = [];
    let pages = 0;
    let after: string | null = null;
    do {
      const page = await other.digestPage('jp-ovop', 'JP', { after, limit: 2 });
      // At most the limit, or everything at once (a store that reads whole, as Redis does).
      expect(page.digests.length === 2 || page.next === null).toBe(true);
      walked.push(...page.digests.map(([id]) => id));
      if (pages++ === 0) {
        // Between pages: an update of a product walked or not, and a new product (which the walk may or may not give).
        await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await commitOf('jp-ovop:w0', 'JP', 1), await commitOf('jp-ovop:w6', 'JP', 1)] });
        await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await commitOf('jp-ovop:w-new', 'JP', 0)] });
      }
      after = page.next;
    } while (after !== null);
    expect(walked.filter((id) => id !== 'jp-ovop:w-new').sort()).toEqual([...ids].sort());
    expect(new Set(walked).size).toBe(walked.length);
    const now = await allDigests(other, 'jp-ovop', 'JP');
    expect([now.size, now.get('jp-ovop:w6')?.version, now.get('jp-ovop:w1')?.version]).toEqual([8, 2, 1]);
    await harness.disconnect(other);
  });

  it('resumes from a cursor on another connection, the same page every time', async () => {
    const { time, log, open } = await setup();
    for (let i = 0; i < 5; i++) {
      time.now += 1;
      await log.append({ connector: 'vn-ocop', economy: i % 2 ? 'VN' : 'PH', commits: [await commitOf(`vn-ocop:p${i}`, i % 2 ? 'VN' : 'PH', 0)] });
    }
    const first = await log.read({ limit: 2 });
    expect(first.hasMore).toBe(true);
    await harness.disconnect(log);
    const again = await open();
    const second = await again.read({ after: first.next, limit: 10 });
    expect([...first.entries, ...second.entries].map((e) => e.change.productId)).toEqual([
      'vn-ocop:p0',
      'vn-ocop:p1',
      'vn-ocop:p2',
      'vn-ocop:p3',
      'vn-ocop:p4',
    ]);
    expect((await again.read({ after: first.next, limit: 10 })).entries.map((e) => e.change.id)).toEqual(second.entries.map((e) => e.change.id));
    // Each entry's cursor resumes right after it.
    expect((await again.read({ after: first.entries[0]!.cursor, limit: 1 })).entries[0]!.change.id).toBe(first.entries[1]!.change.id);
    expect(second.hasMore).toBe(false);
    expect((await again.read({ after: second.next, limit: 10 })).entries).toEqual([]);
    await harness.disconnect(again);
  });

  it('has no oldest cursor while empty, and its empty head reads what comes', async () => {
    const { log } = await setup();
    expect(await log.oldest()).toBeNull();
    const head = await log.head();
    expect(await log.read({ after: head, limit: 10 })).toMatchObject({ entries: [], next: head, hasMore: false });
    await log.trim();
    await log.append({ connector: 'ph-otop', economy: 'PH', commits: [await commitOf('ph-otop:n1', 'PH', 0)] });
    expect((await log.read({ after: head, limit: 10 })).entries.map((e) => e.change.productId)).toEqual(['ph-otop:n1']);
    expect(await log.oldest()).not.toBeNull();
  });

  it('starts at the head with nothing, and reads what is written after it', async () => {
    const { time, log } = await setup();
    await log.append({ connector: 'my-ovop', economy: 'MY', commits: [await commitOf('my-ovop:h1', 'MY', 0)] });
    const head = await log.head();
    expect((await log.read({ after: head, limit: 10 })).entries).toEqual([]);
    time.now += 1;
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await commitOf('jp-ovop:h2', 'JP', 0)] });
    expect((await log.read({ after: head, limit: 10 })).entries.map((e) => e.change.productId)).toEqual(['jp-ovop:h2']);
  });

  it('filters, reading only the economies asked for', async () => {
    const { time, log } = await setup();
    for (const [economy, product] of [
      ['JP', 'jp-ovop:f1'],
      ['MY', 'my-ovop:f2'],
    ] as const) {
      time.now += 1;
      await log.append({ connector: product.split(':')[0]!, economy, commits: [await commitOf(product, economy, 0)] });
    }
    const page = await log.read({ limit: 10, filter: { economies: ['MY'] } });
    expect(page.entries.map((e) => e.change.productId)).toEqual(['my-ovop:f2']);
    const none = await log.read({ limit: 10, filter: { productIds: ['nothing:here'] } });
    expect(none.entries).toEqual([]);
    expect(none.hasMore).toBe(false);
  });

  it('refuses an expired cursor and one it never issued', async () => {
    const { time, log } = await setup(60);
    const before = await log.head();
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await commitOf('jp-ovop:e1', 'JP', 0)] });
    const oldest = await log.oldest();
    expect(oldest).not.toBeNull();
    expect((await log.read({ after: before, limit: 10 })).entries).toHaveLength(1);
    time.now += 61_000;
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await commitOf('jp-ovop:e2', 'JP', 0)] });
    await expect(log.read({ after: before, limit: 10 })).rejects.toBeInstanceOf(CursorExpiredError);
    await expect(log.read({ after: oldest, limit: 10 })).rejects.toBeInstanceOf(CursorExpiredError);
    const now = await log.oldest();
    expect((await log.read({ after: now, limit: 10 })).entries.map((e) => e.change.productId)).toEqual(['jp-ovop:e2']);
    await expect(log.read({ after: 'c1.not a cursor', limit: 10 })).rejects.toBeInstanceOf(InvalidCursorError);
    // A position past anything written (another log's, or one from before a restart) is not served.
    const future = encodeCursor(new Map([['JP', '99999999999999-0']]));
    await expect(log.read({ after: future, limit: 10 })).rejects.toBeInstanceOf(CursorExpiredError);
  });

  it("keeps each product's last update beside its row, for any client, past the events' retention; a REMOVED clears it", async () => {
    const { time, log, open } = await setup(60);
    if (!log.lastUpdate) return;
    // Created, then two updates in one commit: the last one counts (its first MAX_PATHS paths).
    await log.append({ connector: 'vn-ocop', economy: 'VN', commits: [await commitOf('vn-ocop:l1', 'VN', 0)] });
    expect(await log.lastUpdate('vn-ocop:l1', 'VN')).toBeNull();
    const updated = await commitOf('vn-ocop:l1', 'VN', 1, 2);
    updated.events[1]!.changes = Array.from({ length: 10 }, (_, i) => ({ path: `name.l${i}`, before: null, after: 'x' }));
    updated.events[1]!.aspects = ['CONTENT'];
    await log.append({ connector: 'vn-ocop', economy: 'VN', commits: [updated] });
    const other = await open();
    const expected = { occurredAt: new Date(T0).toISOString(), aspects: ['CONTENT'], paths: Array.from({ length: 8 }, (_, i) => `name.l${i}`), morePaths: 2 };
    expect(await other.lastUpdate!('vn-ocop:l1', 'VN')).toEqual(expected);
    expect(await other.lastUpdate!('vn-ocop:l1', 'JP')).toBeNull();
    expect(await other.lastUpdate!('vn-ocop:nothing', 'VN')).toBeNull();
    time.now += 61_000;
    await log.trim();
    expect(await log.lastUpdate('vn-ocop:l1', 'VN')).toEqual(expected);
    const removed = await commitOf('vn-ocop:l1', 'VN', 3);
    removed.events[0]!.type = 'REMOVED';
    await log.append({ connector: 'vn-ocop', economy: 'VN', commits: [removed] });
    expect(await log.lastUpdate('vn-ocop:l1', 'VN')).toBeNull();
    await harness.disconnect(other);
  });
}
