import { describe, expect, it } from 'vitest';
import type { Connector } from '../../connectors/core/connector';
import type { CanonicalProduct } from '../../schemas/product';
import { allDigests } from '../changes/digest-pages';
import { createMemoryChangeLog } from '../changes/memory-change-log';
import { catalogueOf } from './catalogue/snapshot-catalogue';
import { ChangeRecording } from './change-recording';
import type { ConnectorState } from './connector-table';
import { ShardedCatalogue } from './shards/sharded-catalogue';
import { callsOf, countingShards } from './shards/shard-fixtures';

const CONNECTOR = 'jp-ovop';
const NOW = new Date('2026-12-01T09:00:00Z');

const product = (n: number, over: Partial<CanonicalProduct> = {}): CanonicalProduct => ({
  id: `${CONNECTOR}:P-${String(n).padStart(4, '0')}`,
  connector: CONNECTOR,
  localId: `P-${n}`,
  economy: 'JP',
  programme: 'OVOP',
  language: 'ja',
  name: { ja: `柚子胡椒 ${n}` },
  category: 'FOOD',
  price: { amount: String(1000 + n), currency: 'JPY' },
  origin: { country: 'JP', region: 'Ōita' },
  allergens: [],
  labelLanguages: ['ja'],
  images: [],
  marketplaces: [],
  certifications: [],
  ...over,
});

/** A connector harvested into `count` shards in memory, its changes recorded from them, the shards' calls counted. */
function setup(count = 3, sharedSnapshot?: (snapshot: unknown) => boolean) {
  const { shards, calls } = countingShards(count);
  const sharded = new ShardedCatalogue({ shards, connectors: () => [CONNECTOR], pageProducts: 50 });
  const log = createMemoryChangeLog();
  // What went wrong, logged (a recording's end is logged too, at info: `recordedLines`).
  const logged: string[] = [];
  const recordedLines: Array<Record<string, unknown>> = [];
  // No sweep after each harvest here: what detection reads is counted alone.
  const recording = new ChangeRecording({
    log,
    clock: () => NOW,
    logger: (level, message, fields) => void (level === 'info' && message === 'harvest recorded' ? recordedLines.push(fields ?? {}) : logged.push(message)),
    shards: sharded,
    harvestSweepEvaluations: 0,
    sharedSnapshot,
  });
  const state = { connector: { id: CONNECTOR, economy: 'JP' } as Connector } as ConnectorState;
  const changes = async (head: string) => (await log.read({ after: head, limit: 500 })).entries.map((e) => `${e.change.type} ${e.change.productId}`);
  /** Harvests `products` into the shards, records the snapshot, and answers what it wrote. */
  const harvest = async (products: readonly CanonicalProduct[], truncated?: string) => {
    const run = sharded.harvest(CONNECTOR);
    for (const p of products) run.add(p);
    const served = await run.finish(NOW.toISOString());
    state.snapshot = {
      connector: CONNECTOR,
      catalogue: await catalogueOf([]),
      quarantined: [],
      records: served,
      fetchedAt: NOW.toISOString(),
      products: served,
      truncated,
    };
    for (const c of calls) c.clear();
    const head = await log.head();
    await recording.record(state, () => true);
    return changes(head);
  };
  return { log, logged, recordedLines, calls, recording, state, harvest, changes };
}

const range = (n: number, over: (i: number) => Partial<CanonicalProduct> = () => ({})) => Array.from({ length: n }, (_, i) => product(i + 1, over(i + 1)));

describe('recording the changes of a harvest the shards hold', () => {
  it('creates every product of a first harvest, reading the products in batches, one call per shard per batch', async () => {
    const { harvest, calls, logged, recordedLines } = setup(3);
    const written = await harvest(range(300));
    expect(logged).toEqual([]);
    // Its end is logged, with its events: what tells an operator (and the bench) the feed holds the harvest.
    expect(recordedLines).toEqual([expect.objectContaining({ connector: CONNECTOR, events: 300 })]);
    expect(written.sort()).toEqual(range(300).map((p) => `CREATED ${p.id}`));
    // Detection asks for 256 products at a time: two batches, each at most one call per shard.
    expect(callsOf(calls, 'documents')).toBeLessThanOrEqual(2 * 3);
    // Ids and digests: one page per shard (500 a page).
    expect(callsOf(calls, 'walk')).toBe(3);
  });

  it('records exactly what a re-harvest changed (1 %): a few reads, and nothing at all when nothing changed', async () => {
    const { harvest, calls } = setup(3);
    await harvest(range(300));
    const moved = new Set([7, 150, 299]);
    const next = range(300, (n) => (moved.has(n) ? { price: { amount: '5000', currency: 'JPY' } } : {}));
    expect((await harvest(next)).sort()).toEqual([...moved].map((n) => `UPDATED ${product(n).id}`).sort());
    expect(callsOf(calls, 'documents')).toBeLessThanOrEqual(3);
    expect(await harvest(next)).toEqual([]);
    expect(callsOf(calls, 'documents')).toBe(0);
  });

  it('a delisting, a new product and a stock change; no removal from a truncated harvest', async () => {
    const { harvest } = setup(4);
    await harvest(range(40));
    const next = [...range(40).filter((p) => p.localId !== 'P-3'), product(41)].map((p) =>
      p.localId === 'P-9' ? { ...p, availability: 'OUT_OF_STOCK' as const } : p,
    );
    expect((await harvest(next)).sort()).toEqual([`CREATED ${product(41).id}`, `REMOVED ${product(3).id}`, `UPDATED ${product(9).id}`]);
    expect(await harvest(next.slice(0, 20), 'stopped at the page cap')).toEqual([]);
  });

  it('does not record again a snapshot another isolate harvested (read from the shared store): no walk, nothing written', async () => {
    const shared = new WeakSet<object>();
    const { harvest, calls, recording, state, log } = setup(3, (snapshot) => shared.has(snapshot as object));
    await harvest(range(30));
    state.snapshot = { ...state.snapshot! };
    shared.add(state.snapshot);
    for (const c of calls) c.clear();
    const head = await log.head();
    await recording.record(state, () => true);
    expect((await log.read({ after: head, limit: 10 })).entries).toEqual([]);
    expect(callsOf(calls, 'walk') + callsOf(calls, 'documents')).toBe(0);
  });

  it('sweeps through the shards: a certificate coming to expiry, and first compliance statuses read in batches', async () => {
    const { harvest, recording, state, log, calls } = setup(3);
    const expiring = { certifications: [{ scheme: 'HALAL' as const, id: 'H-2', issuer: 'JAKIM', validUntil: '2026-12-20' }] };
    const written = await harvest(range(200, (n) => (n === 2 ? expiring : {})));
    // The notice needs no product: the short sweep after the harvest writes it.
    expect(written.filter((w) => !w.startsWith('CREATED'))).toEqual([`CERTIFICATE_EXPIRING ${product(2).id}`]);
    for (const c of calls) c.clear();
    const head = await log.head();
    await recording.sweep([state]);
    expect((await log.read({ after: head, limit: 500 })).entries).toEqual([]);
    // 200 products evaluated for their first statuses, asked 64 at a time: 4 chunks, at most one call per shard each.
    expect(callsOf(calls, 'documents')).toBeLessThanOrEqual(4 * 3);
    const digests = await allDigests(log, CONNECTOR, 'JP');
    expect([...digests.values()].filter((d) => d.unrecorded)).toEqual([]);
  });
});
