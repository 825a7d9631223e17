import { beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { sourceDigest } from '../../changes/row-digest';
import type { CatalogueIndex } from '../catalogue/catalogue-index';
import { docByGtin } from '../catalogue/gtin-table';
import { products } from '../search/scatter-gather-fixtures';
import type { ShardWalkRequest } from './catalogue-shard';
import { countingShards, wholeIndexOf } from './shard-fixtures';
import { CatalogueMovedError } from './shard-walk';
import { batchedReader } from './batched-reads';
import { type ShardClient, ShardedCatalogue } from './sharded-catalogue';

const all = products();
const connectors = [...new Set(all.map((p) => p.connector))].sort();

/** Every page of a walk, whole. */
async function walked(sharded: ShardedCatalogue, options: Parameters<ShardedCatalogue['walk']>[0] = {}) {
  const pages = [];
  for await (const page of sharded.walk(options)) pages.push(page);
  return pages;
}

describe('walking the catalogue across its shards', () => {
  let whole: CatalogueIndex;
  const sharded = new Map<number, { catalogue: ShardedCatalogue; calls: Map<string, number>[] }>();

  beforeAll(async () => {
    whole = await wholeIndexOf(all);
    for (const count of [1, 3, 4]) {
      const { shards, calls } = countingShards(count);
      const catalogue = new ShardedCatalogue({ shards, connectors: () => connectors, pageProducts: 13 });
      for (const connector of connectors) {
        const harvest = catalogue.harvest(connector);
        for (const entry of all) if (entry.connector === connector) harvest.add(entry.product);
        await harvest.finish('2026-12-07T00:00:00Z');
      }
      sharded.set(count, { catalogue, calls });
    }
  });

  it('gives every product once, in the one index’s default order, in pages of the size asked', async () => {
    for (const [count, { catalogue }] of sharded) {
      const pages = await walked(catalogue, { pageSize: 17 });
      expect(
        pages.slice(0, -1).every((page) => page.length === 17),
        `${count} shards`,
      ).toBe(true);
      expect(pages.flat().map((p) => p.id)).toEqual(whole.ids());
      const places = pages.flat().map((p) => p.place);
      expect(places).toEqual([...places].sort((a, b) => a - b));
    }
  });

  it('walks one connector’s slice in id order, and one economy’s products in the default order', async () => {
    for (const { catalogue } of sharded.values()) {
      const jp = connectors[0]!;
      const ids = (await walked(catalogue, { connector: jp, pageSize: 7 })).flat().map((p) => p.id);
      expect(ids).toEqual(
        all
          .filter((p) => p.connector === jp)
          .map((p) => p.product.id)
          .sort(),
      );
      const economy = all.find((p) => p.connector === connectors[1])!.product.economy;
      const byEconomy = (await walked(catalogue, { economy })).flat().map((p) => p.id);
      expect(byEconomy).toEqual(whole.ids().filter((id) => all.find((p) => p.product.id === id)!.product.economy === economy));
      expect(await walked(catalogue, { economy: 'ZZ' })).toEqual([]);
    }
  });

  it('gives each product’s source digest (of its JSON as harvested) and, when asked, its record', async () => {
    const { catalogue } = sharded.get(3)!;
    const entries = (await walked(catalogue, { records: true, pageSize: 10 })).flat();
    expect(entries).toHaveLength(all.length);
    const byId = new Map(all.map((p) => [p.product.id, p.product]));
    for (const entry of entries) {
      expect(entry.record!.product).toEqual(byId.get(entry.id));
      expect(entry.source).toBe(sourceDigest(JSON.stringify(byId.get(entry.id))));
    }
  });

  /** Every connector harvested into 3 shards, and a harvest of one connector again (its first `count` products). */
  async function harvestedInThree() {
    const { shards } = countingShards(3);
    const catalogue = new ShardedCatalogue({ shards, connectors: () => connectors });
    const harvest = async (connector: string, count = Number.POSITIVE_INFINITY) => {
      const run = catalogue.harvest(connector);
      for (const { product } of all.filter((p) => p.connector === connector).slice(0, count)) run.add(product);
      await run.finish('2026-12-07T00:00:00Z');
    };
    for (const connector of connectors) await harvest(connector);
    return { catalogue, harvest };
  }

  it('goes on from the same product when another connector is harvested again mid-walk (it resumes by place, not by position)', async () => {
    const { catalogue, harvest } = await harvestedInThree();
    const [first, second] = connectors as [string, string];
    const walk = catalogue.walk({ connector: second, pageSize: 5, perShard: 4 });
    const ids = ((await walk.next()).value as Array<{ id: string }>).map((p) => p.id);
    // The first connector shrinks: every shard's index is built again, its positions all move.
    await harvest(first, 3);
    for await (const page of walk) ids.push(...page.map((p) => p.id));
    expect(ids).toEqual(
      all
        .filter((p) => p.connector === second)
        .map((p) => p.product.id)
        .sort(),
    );
  });

  it('fails, rather than skip products, when a connector it walks is harvested again mid-walk', async () => {
    const { catalogue, harvest } = await harvestedInThree();
    const [first, second] = connectors as [string, string];
    // One connector's walk, across its own harvest; the whole catalogue's, across another connector's.
    const cases = [
      { walk: catalogue.walk({ connector: second, pageSize: 5, perShard: 4 }), harvested: second },
      { walk: catalogue.walk({ pageSize: 5, perShard: 4 }), harvested: first },
    ];
    for (const { walk, harvested } of cases) {
      await walk.next();
      // The connector keeps 3 products: the places of every other product of it move.
      await harvest(harvested, 3);
      await expect(
        (async () => {
          for await (const _ of walk);
        })(),
      ).rejects.toBeInstanceOf(CatalogueMovedError);
      await harvest(harvested);
    }
  });

  it('costs each shard one call per page of its own, however the merged pages fall', async () => {
    const { catalogue, calls } = sharded.get(4)!;
    for (const c of calls) c.clear();
    const perShard = 9;
    await walked(catalogue, { pageSize: 5, perShard });
    const held = await Promise.all(
      [0, 1, 2, 3].map(async (s) => {
        // The shard's own count of products: a walk of it alone.
        const shard = (catalogue as unknown as { shards: ShardClient[] }).shards[s]!;
        let n = 0;
        for (let after: number | null = -1; after !== null; ) {
          const page = await shard.walk({ connectors, after, count: 1000 } satisfies ShardWalkRequest);
          n += page.ids.length;
          after = page.next;
        }
        return n;
      }),
    );
    // Each shard was asked for ceil(n / perShard) pages (its last page says it ends), plus the count above.
    for (const [s, c] of calls.entries()) expect(c.get('walk')! - 1, `shard ${s}`).toBe(Math.max(1, Math.ceil(held[s]! / perShard)));
  });
});

describe('GS1 Digital Link on the shards', () => {
  it('finds the product of a GTIN on its shard, the earliest in the default order of two, as one index does', async () => {
    // Every fifth product carries a GTIN; every fifteenth shares its neighbour's.
    const gtinOf = (i: number) => String(4_900_000_000_000 + (i % 15 === 0 ? i - 5 : i)).padStart(14, '0');
    const withGtins = all.map(({ connector, product }, i) => ({ connector, product: i % 5 === 0 ? { ...product, gtin: gtinOf(i) } : product }));
    const whole = await wholeIndexOf(withGtins);
    const { shards } = countingShards(3);
    const catalogue = new ShardedCatalogue({ shards, connectors: () => connectors });
    for (const connector of connectors) {
      const harvest = catalogue.harvest(connector);
      for (const entry of withGtins) if (entry.connector === connector) harvest.add(entry.product);
      await harvest.finish('2026-12-07T00:00:00Z');
    }
    for (let i = 0; i < withGtins.length; i += 5) {
      const doc = docByGtin(whole, gtinOf(i));
      expect(await catalogue.byGtin(gtinOf(i))).toBe(whole.idOf(doc));
    }
    expect(await catalogue.byGtin('00000000000017')).toBeUndefined();
  });
});

describe('batchedReader', () => {
  it('reads the ids asked in one turn with one call, in chunks of its most', async () => {
    const asked: string[][] = [];
    const read = batchedReader(async (ids) => {
      asked.push([...ids]);
      return ids.map((id) => (id.startsWith('x') ? null : { product: { id } as CanonicalProduct, fetchedAt: 'T', stale: false }));
    }, 3);
    const found = await Promise.all(['a', 'b', 'x', 'c', 'd'].map((id) => read(id)));
    expect(found.map((p) => p?.id)).toEqual(['a', 'b', undefined, 'c', 'd']);
    expect(asked).toEqual([
      ['a', 'b', 'x'],
      ['c', 'd'],
    ]);
    expect((await read('e'))?.id).toBe('e');
    expect(asked).toHaveLength(3);
  });

  it('fails every id of a read that fails', async () => {
    const read = batchedReader(async () => {
      throw new Error('shard down');
    });
    await expect(Promise.all([read('a'), read('b')])).rejects.toThrow('shard down');
  });
});
