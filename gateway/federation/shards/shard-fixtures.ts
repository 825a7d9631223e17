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
