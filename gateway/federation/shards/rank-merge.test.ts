import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankIds } from '../search/scatter-gather-fixtures';
import { CatalogueShard } from './catalogue-shard';
import { packIds } from './packed-ids';
import { mergeRanks, type RankSource } from './rank-merge';
import { MemoryShardStorage } from './shard-storage';
import { products } from '../search/scatter-gather-fixtures';

const id = fc.tuple(fc.constantFrom('jp-ovop', 'th-otop', 'vn-ocop'), fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/)).map(([c, l]) => `${c}:${l}`);

/** A shard's sorted ids as a rank source over memory, recording the largest chunk read and the ranks written. */
function source(ids: readonly string[], seen: { largest: number }): RankSource & { ranks: number[] } {
  const ranks: number[] = [];
  return {
    count: ids.length,
    ranks,
    read: async (after, count) => {
      seen.largest = Math.max(seen.largest, count);
      return packIds(ids.slice(after, after + count));
    },
    write: async (offset, chunk) => {
      expect(offset).toBe(ranks.length);
      ranks.push(...chunk);
    },
  };
}

describe('mergeRanks', () => {
  it('ranks as rankIds does, reading and writing a chunk at a time (empty shards included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(id, { maxLength: 200 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 17 }),
        fc.integer(),
        async (ids, count, chunk, seed) => {
          const shards: string[][] = Array.from({ length: count }, () => []);
          ids.forEach((one, i) => {
            shards[Math.abs(seed + i * 7) % count]!.push(one);
          });
          for (const list of shards) list.sort();
          const seen = { largest: 0 };
          const sources = shards.map((list) => source(list, seen));
          expect(await mergeRanks({ sources, chunk })).toBe(ids.length);
          expect(seen.largest).toBeLessThanOrEqual(chunk);
          expect(sources.map((s) => s.ranks)).toEqual(rankIds(shards).map((r) => [...r]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fails when a write fails', async () => {
    const failing: RankSource = {
      count: 3,
      read: async (after, count) => packIds(['a', 'b', 'c'].slice(after, after + count)),
      write: () => Promise.reject(new Error('gone')),
    };
    await expect(mergeRanks({ sources: [failing], chunk: 2 })).rejects.toThrow('gone');
  });
});

describe('CatalogueShard ids and rank', () => {
  it('answers its finished ids in chunks, in order, and serves the ranks sent back in chunks', async () => {
    const all = products();
    const connector = [...new Set(all.map((p) => p.connector))].sort()[0]!;
    const storage = new MemoryShardStorage();
    const shard = new CatalogueShard({ storage });
    const mine = all.filter((p) => p.connector === connector).map((p) => p.product);
    await shard.stage({ connector, harvest: 'h', page: 0, products: mine });
    const { size: count } = await shard.finish({ connector, harvest: 'h', fetchedAt: '2026-12-07T00:00:00Z' });
    expect(count).toBe(mine.length);
    const sorted = mine.map((p) => p.id).sort();
    const chunks: string[] = [];
    for (let after = 0; after < count; after += 3) chunks.push(await shard.ids({ connector, harvest: 'h', after, count: 3 }));
    expect(chunks.join('\n').split('\n')).toEqual(sorted);
    // Out of order, and past the end.
    expect(await shard.ids({ connector, harvest: 'h', after: 1, count: 2 })).toBe(sorted.slice(1, 3).join('\n'));
    expect(await shard.ids({ connector, harvest: 'h', after: count, count: 2 })).toBe('');
    for (let offset = 0; offset < count; offset += 4) {
      await shard.rank({ connector, harvest: 'h', offset, ranks: Int32Array.from(sorted.slice(offset, offset + 4), (_, i) => (offset + i) * 2) });
    }
    await shard.activate({ connector, harvest: 'h', fetchedAt: '2026-12-07T00:00:00Z' });
    // The merge's rows are gone once the slice is served.
    expect([...storage.rows.keys()].filter((key) => key.startsWith('ids:') || key.startsWith('rankpart:'))).toEqual([]);
    const walked = await shard.walk({ connectors: [connector], after: -1, count: 1000 });
    expect(walked.ids).toEqual(sorted);
    expect(walked.places).toEqual(sorted.map((_, i) => i * 2));
  });

  it('refuses to serve a slice whose ranks do not cover its ids', async () => {
    const all = products();
    const connector = [...new Set(all.map((p) => p.connector))].sort()[0]!;
    const shard = new CatalogueShard({ storage: new MemoryShardStorage() });
    const mine = all.filter((p) => p.connector === connector).map((p) => p.product);
    await shard.stage({ connector, harvest: 'h', page: 0, products: mine });
    await shard.finish({ connector, harvest: 'h', fetchedAt: '2026-12-07T00:00:00Z' });
    await shard.rank({ connector, harvest: 'h', offset: 0, ranks: Int32Array.of(0) });
    await expect(shard.activate({ connector, harvest: 'h', fetchedAt: '2026-12-07T00:00:00Z' })).rejects.toThrow('ranks for');
  });
});
