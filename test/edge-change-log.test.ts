import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_dev, type Unstable_DevWorker } from 'wrangler';
import type { ChangeLog, ProductCommit } from '../gateway/changes/change-log';
import { changeLogContract } from '../gateway/changes/change-log.contract';
import { ChangeStateFullError, CursorExpiredError, InvalidCursorError } from '../gateway/changes/errors';
import type { ProductChange } from '../gateway/changes/event';
import { eventId } from '../gateway/changes/event-id';
import type { StateRow } from '../gateway/changes/product-state';
import type { RowDigest } from '../gateway/changes/row-digest';

/**
 * The change log in a SQLite-backed Durable Object, in the real Workers runtime: a test Worker
 * (test/fixtures/change-log-worker.ts) binds the gateway's ChangeLogObject and forwards each port
 * call, as JSON over HTTP, to the real adapter (durable-change-log.ts), so the contract runs here
 * in Node against both. Each test has its own object (its own name), as each Redis test has its
 * own prefix.
 */

/** The test Worker in workerd; with `persistTo`, its Durable Objects' SQLite files live there, across restarts. */
async function startLogWorker(persistTo?: string): Promise<Unstable_DevWorker> {
  process.env.WRANGLER_SEND_METRICS = 'false';
  return unstable_dev('test/fixtures/change-log-worker.ts', {
    config: 'test/fixtures/wrangler.change-log.toml',
    ip: '127.0.0.1',
    port: 0,
    inspectorPort: 0,
    ...(persistTo ? { persist: true, persistTo } : { persist: false }),
    logLevel: 'error',
    experimental: { disableExperimentalWarning: true },
  });
}

interface RemoteOptions {
  store: string;
  retentionSeconds: number;
  clock: () => number;
  maxEventBytes?: number;
  maxStateBytes?: number;
}

/** A ChangeLog client over HTTP to the test Worker: every call is its own request, so two clients are two gateways. */
function remoteLog(worker: () => Unstable_DevWorker, options: RemoteOptions): ChangeLog & { size(): Promise<number> } {
  const { store, retentionSeconds, clock, maxEventBytes, maxStateBytes } = options;
  const call = async (method: string, args: unknown[]): Promise<any> => {
    const w = worker();
    const response = await fetch(`http://127.0.0.1:${w.port}/`, {
      method: 'POST',
      body: JSON.stringify({ store, now: clock(), retentionSeconds, maxEventBytes, maxStateBytes, method, args }),
    });
    const body = (await response.json()) as { result?: any; error?: { name: string; message: string; economy: string | null } };
    if (!body.error) return body.result;
    const { name, message, economy } = body.error;
    if (name === 'CursorExpiredError') throw new CursorExpiredError(economy!);
    if (name === 'InvalidCursorError') throw new InvalidCursorError(message.replace(/^not a change cursor: /, ''));
    if (name === 'ChangeStateFullError') throw new ChangeStateFullError(maxStateBytes ?? 0);
    throw new Error(`${name}: ${message}`);
  };
  return {
    retentionSeconds,
    append: (batch) => call('append', [batch]),
    read: (readOptions) => call('read', [readOptions]),
    head: () => call('head', []),
    oldest: () => call('oldest', []),
    async state(connector, economy) {
      const { rows, held } = (await call('state', [connector, economy])) as { rows: StateRow[]; held: any };
      return { rows: new Map(rows.map((row) => [row.productId, row])), held };
    },
    held: (connector, economy) => call('held', [connector, economy]),
    async digestsOf(connector, economy, productIds) {
      return new Map((await call('digestsOf', [connector, economy, productIds])) as [string, RowDigest][]);
    },
    digestPage: (connector, economy, pageOptions) => call('digestPage', [connector, economy, pageOptions ?? {}]),
    async rows(connector, economy, productIds) {
      const rows = (await call('rows', [connector, economy, productIds])) as StateRow[];
      return new Map(rows.map((row) => [row.productId, row]));
    },
    trim: () => call('trim', []),
    size: () => call('size', []),
    lastUpdate: (productId, economy) => call('lastUpdate', [productId, economy]),
  };
}

let worker: Unstable_DevWorker;
let stores = 0;
const storeName = () => `test-${process.pid}-${Date.now()}-${stores++}`;

beforeAll(async () => {
  worker = await startLogWorker();
}, 120_000);
afterAll(async () => {
  await worker?.stop();
});

describe('the Durable Object change log: the contract, in workerd', () => {
  changeLogContract(async () => {
    const store = storeName();
    return {
      open: async (options) => remoteLog(() => worker, { store, ...options }),
      // Nothing is held open between calls: each is a request of its own.
      disconnect: async () => {},
    };
  });
});

const T0 = Date.parse('2026-12-01T00:00:00Z');

/** A product's first event with its row; `padding` characters in the row's one field. */
async function created(productId: string, padding = 0, eventPadding = 0): Promise<ProductCommit> {
  const event: ProductChange = {
    id: await eventId({ productId, type: 'CREATED', version: 1, before: '', after: 'h1' }),
    type: 'CREATED',
    occurredAt: new Date(T0).toISOString(),
    productId,
    economy: 'JP',
    connector: 'jp-ovop',
    version: 1,
    aspects: ['CONTENT'],
    changes: [{ path: 'name.ja', before: null, after: `柚子胡椒 🍋${'ゆ'.repeat(eventPadding)}` }],
    compliance: null,
    category: 'FOOD',
    certifications: [],
  };
  return { productId, baseVersion: 0, events: [event], row: { productId, version: 1, hash: 'h1', fields: { 'story.ja': 'ゆ'.repeat(padding) } } };
}

describe('the Durable Object change log: as a store', () => {
  it('keeps its entries and cursors across a restart of the runtime (SQLite persisted to disk)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ovop-change-log-'));
    let persisted = await startLogWorker(dir);
    try {
      const time = { now: T0 };
      const log = remoteLog(() => persisted, { store: 'changes', retentionSeconds: 3600, clock: () => time.now });
      for (let i = 0; i < 4; i++) {
        time.now += 1;
        await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await created(`jp-ovop:r${i}`)] });
      }
      const first = await log.read({ limit: 2 });
      const head = await log.head();
      await persisted.stop();
      persisted = await startLogWorker(dir);
      const rest = await log.read({ after: first.next, limit: 10 });
      expect([...first.entries, ...rest.entries].map((e) => e.change.productId)).toEqual(['jp-ovop:r0', 'jp-ovop:r1', 'jp-ovop:r2', 'jp-ovop:r3']);
      expect(rest.entries[0]!.change.changes[0]!.after).toBe('柚子胡椒 🍋');
      expect(await log.head()).toBe(head);
      expect(await log.size()).toBe(4);
      expect((await log.state('jp-ovop', 'JP')).rows.get('jp-ovop:r3')).toMatchObject({ version: 1, hash: 'h1' });
      // The version check holds across the restart too: the same commit again is a duplicate.
      expect((await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await created('jp-ovop:r0')] })).duplicates).toEqual(['jp-ovop:r0']);
    } finally {
      await persisted.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('drops the oldest events at its byte bound, and cursors before them expire', async () => {
    const time = { now: T0 };
    const log = remoteLog(() => worker, { store: storeName(), retentionSeconds: 3600, clock: () => time.now, maxEventBytes: 2_000 });
    const start = await log.head();
    for (let i = 0; i < 8; i++) {
      time.now += 1;
      await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await created(`jp-ovop:b${i}`)] });
    }
    await expect(log.read({ after: start, limit: 10 })).rejects.toBeInstanceOf(CursorExpiredError);
    const kept = await log.read({ after: await log.oldest(), limit: 10 });
    expect(kept.entries.length).toBeGreaterThan(0);
    expect(kept.entries.length).toBeLessThan(8);
    expect(kept.entries.at(-1)!.change.productId).toBe('jp-ovop:b7');
    expect(await log.size()).toBe(kept.entries.length);
    // Past the retention, trimming drops the rest and the count follows.
    time.now += 3_601_000;
    await log.trim();
    expect(await log.size()).toBe(0);
    expect(await log.oldest()).toBeNull();
    // The rows are not the log's to drop: every product keeps its row.
    expect((await log.state('jp-ovop', 'JP')).rows.size).toBe(8);
  });

  it('refuses an append past the rows byte bound, keeping what came before it', async () => {
    const log = remoteLog(() => worker, { store: storeName(), retentionSeconds: 3600, clock: () => T0, maxStateBytes: 1_000 });
    const commits = [await created('jp-ovop:s1', 100), await created('jp-ovop:s2', 100), await created('jp-ovop:s3', 100)];
    await expect(log.append({ connector: 'jp-ovop', economy: 'JP', commits })).rejects.toBeInstanceOf(ChangeStateFullError);
    const state = await log.state('jp-ovop', 'JP');
    expect(state.rows.size).toBeGreaterThan(0);
    expect(state.rows.size).toBeLessThan(3);
    expect((await log.read({ limit: 10 })).entries.map((e) => e.change.productId)).toEqual([...state.rows.keys()]);
  });

  it('carries a batch larger than one call in several, and the rows back in pages', async () => {
    const log = remoteLog(() => worker, { store: storeName(), retentionSeconds: 3600, clock: () => T0 });
    // 120 rows of about 45 KB (15,000 three-byte characters): 5.4 MB, more than a call or a state page carries.
    const commits = await Promise.all(Array.from({ length: 120 }, (_, i) => created(`jp-ovop:big${String(i).padStart(3, '0')}`, 15_000)));
    const held = { productIds: ['jp-ovop:gone'], since: new Date(T0).toISOString(), reason: 'REMOVAL_RATIO' as const };
    const result = await log.append({ connector: 'jp-ovop', economy: 'JP', commits, held });
    expect(result.written).toHaveLength(120);
    const state = await log.state('jp-ovop', 'JP');
    expect(state.rows.size).toBe(120);
    expect(state.held).toEqual(held);
    expect(state.rows.get('jp-ovop:big119')!.fields['story.ja']).toBe('ゆ'.repeat(15_000));
  }, 60_000);

  it('reads a log larger than its read budget (8 MiB) in pages, in order, each under the budget', async () => {
    const log = remoteLog(() => worker, { store: storeName(), retentionSeconds: 3600, clock: () => T0 });
    // 90 events of about 99 KB (33,000 three-byte characters): 8.9 MB.
    for (let i = 0; i < 90; i += 10) {
      const commits = await Promise.all(Array.from({ length: 10 }, (_, j) => created(`jp-ovop:w${String(i + j).padStart(2, '0')}`, 0, 33_000)));
      await log.append({ connector: 'jp-ovop', economy: 'JP', commits });
    }
    const first = await log.read({ limit: 500 });
    expect(first.entries.length).toBeGreaterThan(0);
    expect(first.entries.length).toBeLessThan(90);
    expect(first.hasMore).toBe(true);
    const rest = await log.read({ after: first.next, limit: 500 });
    expect(rest.hasMore).toBe(false);
    const ids = [...first.entries, ...rest.entries].map((e) => e.change.productId);
    expect(ids).toEqual(Array.from({ length: 90 }, (_, i) => `jp-ovop:w${String(i).padStart(2, '0')}`));
  }, 60_000);

  it('refuses a read limit that is not a whole number from 1 to 500 (the object writes it into SQL)', async () => {
    const log = remoteLog(() => worker, { store: storeName(), retentionSeconds: 3600, clock: () => T0 });
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await created('jp-ovop:l1')] });
    const injected = "1) UNION ALL SELECT 'JP', 0, 0, '{}', 0 --";
    for (const limit of [0, 501, 2.5, Number.NaN, injected as unknown as number]) {
      await expect(log.read({ limit }), String(limit)).rejects.toThrow(/1 to 500/);
    }
    expect((await log.read({ limit: 10 })).entries.map((e) => e.change.productId)).toEqual(['jp-ovop:l1']);
  });

  it('refuses a cursor too long to be one, before it reaches the object', async () => {
    const log = remoteLog(() => worker, { store: storeName(), retentionSeconds: 3600, clock: () => T0 });
    await expect(log.read({ after: `c1.${'A'.repeat(4096)}`, limit: 10 })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
