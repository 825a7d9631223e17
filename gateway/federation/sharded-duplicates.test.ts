import { describe, expect, it } from 'vitest';
import type { Connector, HarvestOptions } from '../../connectors/core/connector';
import { collect } from '../../connectors/core/harvest';
import { Federation } from './federation';
import { countingShards } from './shards/shard-fixtures';

const CONNECTOR = 'jp-ovop';

/** A record of the connector's source: `name` tells its copies apart. */
const record = (localId: string, name: string) => ({
  localId,
  map: () => ({
    name: { ja: name },
    category: 'FOOD',
    price: { amount: '1000', currency: 'JPY' },
    origin: { country: 'JP', region: 'Ōita' },
    allergens: [],
    labelLanguages: ['ja'],
    images: [],
    marketplaces: [],
    certifications: [],
  }),
});

/** A connector whose source repeats local ids, read as the built-in connectors read theirs (`collect`). */
function repeating(seen: HarvestOptions[]): Connector {
  const info = {
    id: CONNECTOR,
    economy: 'JP',
    programme: 'OVOP',
    name: 'Repeating',
    builtin: true,
    defaults: { language: 'ja' },
    refresh: { ttlSeconds: 3600 },
  };
  return {
    ...info,
    async harvest(options: HarvestOptions) {
      seen.push(options);
      const records = [record('P-1', 'first'), record('P-2', 'two'), record('P-1', 'second'), record('P-3', 'three'), record('P-2', 'again')];
      return collect(info as never, records, 1, { onProduct: options.onProduct, uniqueDownstream: options.uniqueDownstream });
    },
  } as unknown as Connector;
}

describe('a sharded harvest of a source that repeats local ids', () => {
  it('serves the first copy of each, quarantines the later ones, and keeps no set of ids in the Worker', async () => {
    const { shards } = countingShards(3);
    const seen: HarvestOptions[] = [];
    const federation = new Federation({ connectors: [repeating(seen)], transportFor: () => ({}) as never, shards });
    await federation.refresh(CONNECTOR);
    // The harvest was told its products' taker drops duplicates: the Collector kept no set.
    expect(seen[0]?.uniqueDownstream).toBe(true);
    const snapshot = federation.lastHarvest(CONNECTOR)!;
    expect(snapshot.products).toBe(3);
    expect(snapshot.records).toBe(5);
    expect(snapshot.quarantined.filter((q) => q.path === 'localId')).toEqual([
      { record: 'P-1', path: 'localId', message: 'duplicate local id P-1' },
      { record: 'P-2', path: 'localId', message: 'duplicate local id P-2' },
    ]);
    const [one] = await Promise.all(shards.map((shard) => shard.documents({ connectors: [CONNECTOR], ids: [`${CONNECTOR}:P-1`] }))).then((answers) =>
      answers.flat().filter((p) => p !== null),
    );
    expect(one?.product.name).toEqual({ ja: 'first' });
  });
});
