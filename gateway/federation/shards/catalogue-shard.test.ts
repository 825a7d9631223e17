import { describe, expect, it } from 'vitest';
import { products } from '../search/scatter-gather-fixtures';
import { CatalogueShard } from './catalogue-shard';
import { ShardedCatalogue } from './sharded-catalogue';
import { MemoryShardStorage } from './shard-storage';

const all = products();
const connectors = [...new Set(all.map((p) => p.connector))].sort();
const jp = connectors[0]!;

/** One connector's products harvested into `sharded` (all of them, or the first `count`). */
async function harvest(sharded: ShardedCatalogue, connector: string, count = Number.POSITIVE_INFINITY): Promise<void> {
  const run = sharded.harvest(connector);
  for (const { product } of all.filter((p) => p.connector === connector).slice(0, count)) run.add(product);
  await run.finish('2026-12-07T00:00:00Z');
}

/** The keys of a storage's rows that start with `prefix`. */
const keys = (storage: MemoryShardStorage, prefix: string) => [...storage.rows.keys()].filter((key) => key.startsWith(prefix));

describe('CatalogueShard', () => {
  it('drops the document pages of the harvest it replaces, not only its snapshot', async () => {
    const storage = new MemoryShardStorage();
    const sharded = new ShardedCatalogue({ shards: [new CatalogueShard({ storage })], connectors: () => connectors });
    await harvest(sharded, jp);
    const first = keys(storage, `docs:${jp}:`);
    expect(first.length).toBeGreaterThan(0);
    await harvest(sharded, jp, 5);
    const second = keys(storage, `docs:${jp}:`);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((key) => first.includes(key))).toEqual([]);
    // Every page left belongs to the one harvest served.
    expect(new Set(second.map((key) => key.split(':').slice(0, 3).join(':'))).size).toBe(1);
  });
});
