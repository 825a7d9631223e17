import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, type HarvestCheckpoint, MAX_CHECKPOINT_BYTES, MAX_POSITION_CHARS } from './harvest-checkpoint';
import { CatalogueShard } from './shards/catalogue-shard';
import { shardCheckpointRows } from './shards/checkpoint-rows';
import { MemoryShardStorage } from './shards/shard-storage';

const issue = (n: number) => ({ record: `SKU-${n}`.padEnd(80, 'x'), path: 'price', message: '価格'.repeat(150) });

const checkpoint = (over: Partial<HarvestCheckpoint> = {}): HarvestCheckpoint => ({
  connector: 'ph-otop',
  harvest: 'h-1',
  owner: 'o-1',
  startedAt: '2026-12-07T22:00:00.000Z',
  savedAt: '2026-12-07T22:01:00.000Z',
  invocations: 1,
  resumedPages: 0,
  stagedPages: 12,
  progress: { position: 'cursor-7', pages: 6, bytes: 60_000, collector: { records: 600, accepted: 590, issues: 10, quarantined: [issue(1)] } },
  conflicts: [],
  ...over,
});

describe('a harvest checkpoint', () => {
  it('reads back what it wrote', () => {
    expect(decodeCheckpoint(encodeCheckpoint(checkpoint())!)).toEqual(checkpoint());
  });

  it('stays within its bytes however many issues the harvest kept: the first ones, the counts exact', () => {
    const many = Array.from({ length: 500 }, (_, i) => issue(i));
    const big = checkpoint({
      conflicts: many,
      progress: { ...checkpoint().progress!, collector: { records: 5000, accepted: 4500, issues: 700, quarantined: many } },
    });
    const bytes = encodeCheckpoint(big)!;
    expect(bytes.byteLength).toBeLessThanOrEqual(MAX_CHECKPOINT_BYTES);
    const read = decodeCheckpoint(bytes)!;
    expect(read.progress!.collector).toMatchObject({ records: 5000, accepted: 4500, issues: 700 });
    expect(read.progress!.collector.quarantined.length).toBeGreaterThan(0);
    expect(read.progress!.collector.quarantined[0]).toEqual(many[0]);
    expect(read.conflicts[0]).toEqual(many[0]);
  });

  it('is not written for a cursor too long to keep (a resumption goes on from the page before)', () => {
    expect(encodeCheckpoint(checkpoint({ progress: { ...checkpoint().progress!, position: 'c'.repeat(MAX_POSITION_CHARS + 1) } }))).toBeUndefined();
  });

  it('read back from storage, refuses anything but a checkpoint', () => {
    const encoder = new TextEncoder();
    for (const text of [
      '',
      'not json',
      '{}',
      '[]',
      JSON.stringify({ ...checkpoint(), invocations: 0 }),
      JSON.stringify({ ...checkpoint(), startedAt: 'yesterday' }),
    ]) {
      expect(decodeCheckpoint(encoder.encode(text)), text).toBeUndefined();
    }
    expect(decodeCheckpoint(encoder.encode(JSON.stringify({ ...checkpoint(), progress: { ...checkpoint().progress, pages: -1 } })))).toBeUndefined();
  });

  it('in a shard, is replaced only by the invocation that holds it, and forgotten with its connector', async () => {
    const storage = new MemoryShardStorage();
    const rows = shardCheckpointRows(storage);
    const bytes = (n: number) => new Uint8Array([n]);
    expect(await rows.put('ph-otop', bytes(1), { owner: 'a', expected: 'someone' })).toBe(false);
    expect(await rows.put('ph-otop', bytes(1), { owner: 'a', expected: null })).toBe(true);
    expect(await rows.put('ph-otop', bytes(2), { owner: 'b', expected: null })).toBe(false);
    expect(await rows.put('ph-otop', bytes(2), { owner: 'b', expected: 'a' })).toBe(true);
    // The invocation that lost it cannot write over the one that took it over, nor delete it.
    expect(await rows.put('ph-otop', bytes(3), { owner: 'a', expected: 'a' })).toBe(false);
    await rows.delete('ph-otop', 'a');
    expect(await rows.get('ph-otop')).toEqual(bytes(2));
    await rows.delete('ph-otop', 'b');
    expect(await rows.get('ph-otop')).toBeUndefined();
    expect(storage.rows.size).toBe(0);
    // A connector removed (or registered again) leaves no checkpoint to go on from.
    await rows.put('ph-otop', bytes(4), { owner: 'c', expected: null });
    await new CatalogueShard({ storage }).remove('ph-otop');
    expect(storage.rows.size).toBe(0);
  });
});
