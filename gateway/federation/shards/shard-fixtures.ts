import type { CanonicalProduct } from '../../../schemas/product';
import { CatalogueIndex } from '../catalogue/catalogue-index';
import { catalogueOf } from '../catalogue/snapshot-catalogue';
import { CatalogueShard } from './catalogue-shard';
import type { ShardClient } from './sharded-catalogue';
import { MemoryShardStorage } from './shard-storage';

/** Shards in memory (tests) that count the calls each answers, by method. */
export function countingShards(count: number): { shards: ShardClient[]; calls: Map<string, number>[] } {
  const calls = Array.from({ length: count }, () => new Map<string, number>());
  const shards = Array.from({ length: count }, (_, s) => {
    const shard = new CatalogueShard({ storage: new MemoryShardStorage() });
    return new Proxy(shard, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls[s]!.set(String(name), (calls[s]!.get(String(name)) ?? 0) + 1);
          return value.apply(target, args);
        };
      },
    }) as unknown as ShardClient;
  });
  return { shards, calls };
}

/** How many calls of `method` the shards answered in all. */
export const callsOf = (calls: readonly Map<string, number>[], method: string) => calls.reduce((sum, c) => sum + (c.get(method) ?? 0), 0);

/** One index over every connector's products, a snapshot each: the whole catalogue the shards' answers are compared with. */
export async function wholeIndexOf(entries: ReadonlyArray<{ connector: string; product: CanonicalProduct }>, fetchedAt = 'T'): Promise<CatalogueIndex> {
  const byConnector = new Map<string, CanonicalProduct[]>();
  for (const { connector, product } of entries) byConnector.set(connector, [...(byConnector.get(connector) ?? []), product]);
  return new CatalogueIndex(
    await Promise.all(
      [...byConnector].map(async ([connector, list]) => ({ connector, catalogue: await catalogueOf(list), quarantined: [], records: list.length, fetchedAt })),
    ),
  );
}
