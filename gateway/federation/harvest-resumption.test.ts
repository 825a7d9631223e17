import { describe, expect, it } from 'vitest';
import { createDeclarativeConnector } from '../../connectors/declarative';
import { Manifest } from '../../schemas/manifest';
import { Federation } from './federation';
import { decodeCheckpoint, MemoryCheckpointStore } from './harvest-checkpoint';
import type { HarvestReport, HarvestReportLog } from './harvest-report';
import { CatalogueShard } from './shards/catalogue-shard';
import { pagedSource } from './shards/shard-fixtures';
import { MemoryShardStorage } from './shards/shard-storage';

const CONNECTOR = 'ph-resume';
const PAGES = 8;
const PAGE_SIZE = 10;

/** The catalogue's records: item 35 repeats item 3's id (on both sides of a resumption after page 3), item 12 has no name. */
function records(): Array<Record<string, unknown>> {
  return Array.from({ length: PAGES * PAGE_SIZE }, (_, i) => {
    const n = i + 1;
    const sku = n === 35 ? 'SKU-003' : `SKU-${String(n).padStart(3, '0')}`;
    return { sku, ...(n !== 12 && { name: `Produkto ${n}` }), price: `₱${100 + n}.00`, category: 'Pagkain' };
  });
}

const manifest = Manifest.parse({
  id: CONNECTOR,
  economy: 'PH',
  programme: 'OTOP',
  name: 'Philippines OTOP (resumption test)',
  source: { url: 'https://catalogue.example/items', format: 'json', items: 'items', pagination: { type: 'page', param: 'page', start: 1 } },
  defaults: { currency: 'PHP', language: 'fil' },
  mapping: { localId: 'sku', name: 'name', price: 'price', category: 'category' },
});

/** One invocation's federation (an isolate) over the shards' storage and the checkpoints, which outlive it. */
function invocation(options: { storages: MemoryShardStorage[]; checkpoints: MemoryCheckpointStore; fetched: number[]; hangFrom?: number; now: () => number }) {
  const reports: HarvestReport[] = [];
  const log: HarvestReportLog = { add: async (r) => void reports.unshift(r), recent: async () => reports, remove: async () => {} };
  const federation = new Federation({
    connectors: [createDeclarativeConnector(manifest)],
    transportFor: () =>
      pagedSource({ records: records(), pageSize: PAGE_SIZE, fetched: options.fetched, ...(options.hangFrom !== undefined && { hangFrom: options.hangFrom }) }),
    shards: options.storages.map((storage) => new CatalogueShard({ storage })),
    checkpoints: options.checkpoints,
    clock: () => new Date(options.now()),
    reports: log,
  });
  return { federation, reports };
}

/** Every product the shards serve for the connector, in the default order. */
async function served(federation: Federation): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of federation.shards!.walk({ connector: CONNECTOR })) ids.push(...page.map((p) => p.id));
  return ids;
}

describe('a sharded harvest that spans invocations', () => {
  it('goes on from the page after its checkpoint, and serves exactly what one uninterrupted harvest serves', async () => {
    let now = Date.parse('2026-12-07T22:00:00Z');
    const clock = () => now;

    // The uninterrupted harvest, on shards of its own.
    const wholeFetched: number[] = [];
    const whole = invocation({
      storages: [1, 2, 3].map(() => new MemoryShardStorage()),
      checkpoints: new MemoryCheckpointStore(),
      fetched: wholeFetched,
      now: clock,
    });
    await whole.federation.refresh(CONNECTOR);
    const expected = await served(whole.federation);
    expect(expected).toHaveLength(PAGES * PAGE_SIZE - 2);
    expect(wholeFetched).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    // The first invocation ends while it waits for page 4: pages 1 to 3 are checkpointed.
    const storages = [1, 2, 3].map(() => new MemoryShardStorage());
    const checkpoints = new MemoryCheckpointStore();
    const fetched: number[] = [];
    const first = invocation({ storages, checkpoints, fetched, hangFrom: 4, now: clock });
    void first.federation.refresh(CONNECTOR);
    await expect.poll(() => fetched.includes(4)).toBe(true);
    const left = decodeCheckpoint((await checkpoints.get(CONNECTOR))!)!;
    expect(left.progress).toMatchObject({ position: '4', pages: 3, collector: { records: 30, accepted: 29 } });

    // Within the stall window the next invocation leaves it to the one under way.
    const early = invocation({ storages, checkpoints, fetched: [], now: clock });
    await early.federation.refresh(CONNECTOR);
    expect(early.federation.connectors()[0]!.status).toBe('DOWN');
    expect(early.reports).toEqual([]);

    // Past it, the next invocation goes on from page 4.
    now += 60_000;
    fetched.length = 0;
    const second = invocation({ storages, checkpoints, fetched, now: clock });
    await second.federation.refresh(CONNECTOR);
    expect(fetched).toEqual([4, 5, 6, 7, 8, 9]);
    expect(await served(second.federation)).toEqual(expected);
    expect(await checkpoints.get(CONNECTOR)).toBeUndefined();
    const [report] = second.reports;
    const [wholeReport] = whole.reports;
    expect(report).toMatchObject({ status: 'COMPLETE', invocations: 2, resumedPages: 3, startedAt: '2026-12-07T22:00:00.000Z' });
    expect({ ...report, issues: undefined, startedAt: 0, finishedAt: 0, invocations: 0, resumedPages: 0 }).toEqual({
      ...wholeReport,
      issues: undefined,
      startedAt: 0,
      finishedAt: 0,
      invocations: 0,
      resumedPages: 0,
    });
    expect(report).toMatchObject({ pages: 9, records: 80, accepted: 78, quarantined: 2 });
    // No staged page is left behind.
    for (const storage of storages) expect([...storage.rows.keys()].filter((key) => key.startsWith('stage:'))).toEqual([]);
  });

  it('drops a checkpoint too old to resume, with its staged pages, and harvests from the first page', async () => {
    let now = Date.parse('2026-12-07T22:00:00Z');
    const clock = () => now;
    const storages = [1, 2].map(() => new MemoryShardStorage());
    const checkpoints = new MemoryCheckpointStore();
    void invocation({ storages, checkpoints, fetched: [], hangFrom: 5, now: clock }).federation.refresh(CONNECTOR);
    await expect.poll(async () => decodeCheckpoint((await checkpoints.get(CONNECTOR)) ?? new Uint8Array())?.progress?.pages).toBe(4);
    expect(storages.some((storage) => [...storage.rows.keys()].some((key) => key.startsWith('stage:')))).toBe(true);

    now += 2 * 3600_000; // past the connector's TTL of an hour
    const fetched: number[] = [];
    const next = invocation({ storages, checkpoints, fetched, now: clock });
    await next.federation.refresh(CONNECTOR);
    expect(fetched).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(next.reports[0]).toMatchObject({ status: 'COMPLETE', accepted: 78 });
    expect(next.reports[0]!.invocations).toBeUndefined();
    expect(await served(next.federation)).toHaveLength(78);
  });

  it('finishes a harvest whose invocation ended while the shards were finishing, without reading a page', async () => {
    let now = Date.parse('2026-12-07T22:00:00Z');
    const clock = () => now;
    const storages = [1, 2].map(() => new MemoryShardStorage());
    const checkpoints = new MemoryCheckpointStore();
    const shards = storages.map((storage) => new CatalogueShard({ storage }));
    // The first invocation ends in its shards' activation (the slices are built, none served).
    for (const shard of shards) shard.activate = () => new Promise(() => {});
    const first = new Federation({
      connectors: [createDeclarativeConnector(manifest)],
      transportFor: () => pagedSource({ records: records(), pageSize: PAGE_SIZE, fetched: [] }),
      shards,
      checkpoints,
      clock: () => new Date(now),
    });
    void first.refresh(CONNECTOR);
    await expect.poll(async () => decodeCheckpoint((await checkpoints.get(CONNECTOR)) ?? new Uint8Array())?.finished).toEqual({});
    await new Promise((resolve) => setTimeout(resolve, 50));

    now += 60_000;
    const fetched: number[] = [];
    const second = invocation({ storages, checkpoints, fetched, now: clock });
    await second.federation.refresh(CONNECTOR);
    expect(fetched).toEqual([]);
    expect(await served(second.federation)).toHaveLength(78);
    expect(second.reports[0]).toMatchObject({ status: 'COMPLETE', pages: 9, records: 80, accepted: 78, invocations: 2, resumedPages: 9 });
  });
});
