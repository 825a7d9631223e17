import { describe, expect, it } from 'vitest';
import type { Connector, HarvestOptions } from '../../connectors/core/connector';
import { collect } from '../../connectors/core/harvest';
import { Federation } from './federation';
import { CatalogueShard } from './shards/catalogue-shard';
import { MemoryShardStorage } from './shards/shard-storage';

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
