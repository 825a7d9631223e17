import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { GtinOwners } from '../gtin-owners';
import { CatalogueShard } from './catalogue-shard';
import { callsOf, countingShards } from './shard-fixtures';
import { MemoryShardStorage } from './shard-storage';
import { ShardedCatalogue } from './sharded-catalogue';
import { ShardedGtinOwners } from './sharded-gtin-owners';

const ID = { id: 'id-ovop', economy: 'ID' };
const TH = { id: 'th-otop', economy: 'TH' };
const ID_CRAFTS = { id: 'id-ovop-crafts', economy: 'ID' };
const product = (localId: string, gtin?: string) => ({ localId, gtin }) as CanonicalProduct;

/** Ownership over four shards in memory, as the Worker makes it (`ShardedCatalogue.gtins`). */
function sharded() {
  const counting = countingShards(4);
  const owners = new ShardedCatalogue({ shards: counting.shards, connectors: () => [] }).gtins!;
  return { ...counting, owners };
}

describe('ShardedGtinOwners', () => {
  it('answers as GtinOwners does, over a page: first served keeps it, one economy shares, another is quarantined naming the owner', async () => {
    const { owners } = sharded();
    const whole = new GtinOwners();
    const pages: Array<[typeof ID, CanonicalProduct[]]> = [
      [ID, [product('A', '08992000000017'), product('B', '08992000000024'), product('N')]],
      [TH, [product('T1', '8992000000017'), product('T2', '08850000000010'), product('T3', '08992000000024')]],
      [ID_CRAFTS, [product('C', '08992000000017'), product('D', '08850000000010')]],
      [ID, [product('A', '08992000000017')]],
    ];
    for (const [claimant, page] of pages) expect(await owners.admitAll(claimant, page)).toEqual(page.map((p) => whole.admit(claimant, p)));
    expect(await owners.takeNotices('id-ovop')).toEqual(whole.takeNotices('id-ovop'));
    expect(await owners.takeNotices('th-otop')).toEqual(whole.takeNotices('th-otop'));
    expect(await owners.takeNotices('id-ovop')).toEqual([]);
  });

  it('asks each shard once a page, only the shards the GTINs hash to', async () => {
    const { owners, calls } = sharded();
    await owners.admitAll(ID, [product('A', '08992000000017'), product('B', '08992000000024'), product('N')]);
    expect(callsOf(calls, 'admitGtins')).toBeLessThanOrEqual(2);
    await owners.admitAll(ID, [product('N')]);
    expect(callsOf(calls, 'admitGtins')).toBeLessThanOrEqual(2);
  });

  it('a dry run only looks: it claims nothing and tells no one', async () => {
    const { owners } = sharded();
    expect(await owners.admitAll(TH, [product('T1', '08992000000017')], false)).toEqual([undefined]);
    await owners.admitAll(ID, [product('A', '08992000000017')]);
    expect((await owners.admitAll(TH, [product('T1', '08992000000017')], false))[0]).toMatchObject({ record: 'T1', path: 'gtin' });
    expect(await owners.takeNotices('id-ovop')).toEqual([]);
  });

  it('frees the GTINs of a removed connector (the shards’ remove), keeps another’s', async () => {
    const storages = [new MemoryShardStorage(), new MemoryShardStorage()];
    const shards = storages.map((storage) => new CatalogueShard({ storage }));
    const catalogue = new ShardedCatalogue({ shards, connectors: () => [] });
    await catalogue.gtins!.admitAll(ID, [product('A', '08992000000017')]);
    await catalogue.gtins!.admitAll(TH, [product('T2', '08850000000010')]);
    await catalogue.remove('id-ovop');
    const owners = new ShardedGtinOwners({ shards: storages.map((storage) => new CatalogueShard({ storage })) });
    expect(await owners.admitAll(TH, [product('T1', '08992000000017')])).toEqual([undefined]);
    expect((await owners.admitAll(ID, [product('A', '08850000000010')]))[0]).toMatchObject({ record: 'A' });
    expect(storages.flatMap((s) => [...s.rows.keys()]).filter((key) => key.includes('id-ovop'))).toEqual([]);
  });

  it('keeps at most 100 notices for an owner over all its shards', async () => {
    const { owners } = sharded();
    const gtins = Array.from({ length: 150 }, (_, i) => {
      const body = `0899${String(i).padStart(9, '0')}`;
      const digits = body.split('').map(Number);
      const sum = digits.reduce((n, d, k) => n + d * ((13 - k) % 2 ? 3 : 1), 0);
      return `${body}${(10 - (sum % 10)) % 10}`;
    });
    await owners.admitAll(
      ID,
      gtins.map((g, i) => product(`A${i}`, g)),
    );
    const issues = await owners.admitAll(
      TH,
      gtins.map((g, i) => product(`T${i}`, g)),
    );
    expect(issues.filter(Boolean)).toHaveLength(150);
    expect(await owners.takeNotices('id-ovop')).toHaveLength(100);
  });
});
