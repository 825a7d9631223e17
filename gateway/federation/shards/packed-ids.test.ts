import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankIds } from '../search/scatter-gather';
import { packedCount, packIds, rankPackedIds } from './packed-ids';

const id = fc.tuple(fc.constantFrom('jp-ovop', 'th-otop', 'vn-ocop'), fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/)).map(([c, l]) => `${c}:${l}`);

describe('packed ids', () => {
  it('rank as rankIds ranks the same lists as arrays (empty lists included)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(id, { maxLength: 200 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (ids, count, seed) => {
        const shards: string[][] = Array.from({ length: count }, () => []);
        ids.forEach((one, i) => {
          shards[Math.abs(seed + i * 7) % count]!.push(one);
        });
        for (const list of shards) list.sort();
        const packed = shards.map((list) => packIds(list));
        expect(packed.map(packedCount)).toEqual(shards.map((list) => list.length));
        expect(rankPackedIds(packed).map((r) => [...r])).toEqual(rankIds(shards).map((r) => [...r]));
      }),
      { numRuns: 200 },
    );
  });
});
