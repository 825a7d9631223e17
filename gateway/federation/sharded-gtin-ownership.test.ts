import { describe, expect, it } from 'vitest';
import type { Connector, HarvestOptions } from '../../connectors/core/connector';
import { collect } from '../../connectors/core/harvest';
import { createDeclarativeConnector } from '../../connectors/declarative';
import { Manifest } from '../../schemas/manifest';
import { Federation } from './federation';
import { MemoryCheckpointStore } from './harvest-checkpoint';
import { CatalogueShard } from './shards/catalogue-shard';
import { MemoryShardStorage } from './shards/shard-storage';
import { pagedSource } from './shards/shard-fixtures';
import { ShardedGtinOwners } from './shards/sharded-gtin-owners';

const GTIN = '08992000000017';

/** A record of a connector's source carrying `gtin`. */
const record = (localId: string, gtin: string, country: string) => ({
  localId,
  map: () => ({
    name: { en: localId },
    category: 'FOOD',
    price: { amount: '1000', currency: 'JPY' },
    origin: { country, region: 'R' },
    gtin,
    allergens: [],
    labelLanguages: ['en'],
    images: [],
    marketplaces: [],
    certifications: [],
  }),
});

/** A connector of `economy` whose source holds `records`, read as the built-in connectors read theirs (`collect`). */
function connector(id: string, economy: string, records: ReturnType<typeof record>[]): Connector {
  const info = { id, economy, programme: 'OVOP', name: id, builtin: true, defaults: { language: 'en' }, refresh: { ttlSeconds: 3600 } };
  return {
    ...info,
    async harvest(options: HarvestOptions) {
      return collect(info as never, records, 1, { onProduct: options.onProduct, uniqueDownstream: options.uniqueDownstream });
    },
  } as unknown as Connector;
}

const ID = () => connector('id-ovop', 'ID', [record('A', GTIN, 'ID'), record('B', '08992000000024', 'ID')]);
const TH = () => connector('th-otop', 'TH', [record('T1', GTIN, 'TH'), record('T2', '08850000000010', 'TH')]);

/**
 * Three shards' storage, kept across the Worker's isolates: each isolate makes its own federation
 * and shards over it (an isolate that knows the owner would harvest it too as it starts, and take
 * its notices there: `only` keeps one connector).
 */
function edge() {
  const storages = [new MemoryShardStorage(), new MemoryShardStorage(), new MemoryShardStorage()];
  return (only?: 'th-otop') =>
    new Federation({
      connectors: only ? [TH()] : [ID(), TH()],
      transportFor: () => ({}) as never,
      shards: storages.map((storage) => new CatalogueShard({ storage })),
    });
}

describe('GTIN ownership on the sharded edge', () => {
  it('quarantines another economy’s record of an owned GTIN though the Worker’s isolate restarted between the harvests', async () => {
    const isolate = edge();
    const first = isolate();
    await first.refresh('id-ovop');
    expect(first.lastHarvest('id-ovop')!.products).toBe(2);

    const second = isolate('th-otop');
    await second.refresh('th-otop');
    const th = second.lastHarvest('th-otop')!;
    expect(th.products).toBe(1);
    expect(th.quarantined.filter((q) => q.path === 'gtin')).toEqual([
      expect.objectContaining({ record: 'T1', message: expect.stringContaining('belongs to id-ovop (ID)') }),
    ]);

    // The owner hears of it in its next harvest, in a third isolate, once.
    const third = isolate();
    await third.refresh('id-ovop');
    expect(await third.productByGtin(GTIN)).toBe('id-ovop:A');
    const notices = third.lastHarvest('id-ovop')!.quarantined.filter((q) => q.path === 'gtin');
    expect(notices).toEqual([expect.objectContaining({ record: null, message: expect.stringContaining('th-otop (TH) record T1') })]);
    // This isolate harvests th-otop as it starts, too: its record is quarantined still.
    await third.refresh('th-otop');
    expect(third.lastHarvest('th-otop')!.products).toBe(1);
  });

  it('frees the GTINs of a removed connector for the next isolate', async () => {
    const isolate = edge();
    await isolate().refresh('id-ovop');
    await isolate().remove('id-ovop');
    const next = isolate();
    await next.refresh('th-otop');
    expect(next.lastHarvest('th-otop')!.products).toBe(2);
  });
});

/** A valid GTIN-14 numbered `n` under the Philippine prefix 480. */
function gtin(n: number): string {
  const body = `0480${String(n).padStart(9, '0')}`;
  const sum = body.split('').reduce((total, d, k) => total + Number(d) * ((13 - k) % 2 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const RESUMABLE = Manifest.parse({
  id: 'ph-resume',
  economy: 'PH',
  programme: 'OTOP',
  name: 'Philippines OTOP (GTIN resumption test)',
  source: { url: 'https://catalogue.example/items', format: 'json', items: 'items', pagination: { type: 'page', param: 'page', start: 1 } },
  defaults: { currency: 'PHP', language: 'fil' },
  mapping: { localId: 'sku', name: 'name', price: 'price', gtin: 'gtin' },
});

/** 6 pages of 5 items, each with a GTIN of its own. */
const GTIN_RECORDS = Array.from({ length: 30 }, (_, i) => i + 1).map((n) => ({ sku: `S${n}`, name: `P ${n}`, price: '₱100.00', gtin: gtin(n) }));

describe('GTIN ownership across a resumed sharded harvest', () => {
  it('keeps what the interrupted invocation claimed: another economy sees it owned, the resumption sees its own', async () => {
    let now = Date.parse('2026-12-07T23:00:00Z');
    const storages = [new MemoryShardStorage(), new MemoryShardStorage(), new MemoryShardStorage()];
    const checkpoints = new MemoryCheckpointStore();
    const owners = () => new ShardedGtinOwners({ shards: storages.map((storage) => new CatalogueShard({ storage })) });
    const product = (localId: string, g: string) => ({ localId, gtin: g }) as never;
    // An Indonesian connector served item 7's GTIN (page 2) and item 27's (page 6) first.
    await owners().admitAll({ id: 'id-ovop', economy: 'ID' }, [product('A', gtin(7)), product('B', gtin(27))]);
    const invocation = (fetched: number[], hangFrom?: number) =>
      new Federation({
        connectors: [createDeclarativeConnector(RESUMABLE)],
        transportFor: () => pagedSource({ records: GTIN_RECORDS, pageSize: 5, fetched, hangFrom }) as never,
        shards: storages.map((storage) => new CatalogueShard({ storage })),
        checkpoints,
        clock: () => new Date(now),
      });

    const fetched: number[] = [];
    void invocation(fetched, 4).refresh('ph-resume');
    await expect.poll(() => fetched.includes(4)).toBe(true);
    await expect.poll(async () => Boolean(await checkpoints.get('ph-resume'))).toBe(true);
    // The isolate ended: its GTINs of pages 1 to 3 are in the shards' storage, owned by ph-resume.
    const thai = await owners().admitAll({ id: 'th-otop', economy: 'TH' }, [product('T', gtin(12))], false);
    expect(thai[0]?.message).toContain('belongs to ph-resume (PH)');

    now += 60_000;
    const later: number[] = [];
    const resumed = invocation(later);
    await resumed.refresh('ph-resume');
    expect(later[0]).toBe(4);
    const snapshot = resumed.lastHarvest('ph-resume')!;
    expect(snapshot.products).toBe(28);
    expect(snapshot.quarantined.filter((q) => q.path === 'gtin').map((q) => q.record)).toEqual(['S7', 'S27']);
  });
});
