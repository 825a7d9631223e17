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

/**
 * A paged JSON source (`?page=n` from 1, `{ items }`, an empty page past the end) for harvests in
 * tests: `fetched` logs each page asked; from page `hangFrom` on it never answers, as when the
 * invocation running the harvest ends.
 */
export function pagedSource(options: { records: readonly unknown[]; pageSize: number; fetched: number[]; hangFrom?: number }) {
  const { records, pageSize, fetched, hangFrom = Infinity } = options;
  return async (url: string): Promise<Response> => {
    const page = Number(new URL(url).searchParams.get('page'));
    fetched.push(page);
    if (page >= hangFrom) return new Promise<Response>(() => {});
    const items = records.slice((page - 1) * pageSize, page * pageSize);
    return new Response(JSON.stringify({ items }), { headers: { 'content-type': 'application/json' } });
  };
}
