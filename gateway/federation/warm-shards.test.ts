import { describe, expect, it, vi } from 'vitest';
import type { Connector } from '../../connectors/core/connector';
import { Federation } from './federation';
import type { ShardClient } from './shards/sharded-catalogue';

/** A connector that must not be harvested: `warmShards` needs its name only. */
const connector = (id: string) =>
  ({
    id,
    economy: 'VN',
    refresh: { ttlSeconds: 3600 },
    harvest: vi.fn(() => {
      throw new Error(`${id} was harvested`);
    }),
  }) as unknown as Connector;

/** A shard that records what it is asked to warm, and fails every other call. */
function shard(warmed: string[][]): ShardClient {
  const refuse = () => Promise.reject(new Error('not expected'));
  return {
    stage: refuse,
    finish: refuse,
    ids: refuse,
    rank: refuse,
    activate: refuse,
    remove: refuse,
    statistics: refuse,
    search: refuse,
    documents: refuse,
    walk: refuse,
    gtin: refuse,
    warm: async ({ connectors }) => {
      warmed.push([...connectors]);
    },
  };
}

describe('Federation.warmShards', () => {
  it('has every shard load the slices of every connector, in name order, and harvests nothing', async () => {
    const warmed: string[][] = [];
    const connectors = [connector('vn-ocop'), connector('jp-ovop')];
    const federation = new Federation({ connectors, transportFor: () => ({}) as never, shards: [shard(warmed), shard(warmed), shard(warmed)] });
    await federation.warmShards();
    expect(warmed).toEqual([
      ['jp-ovop', 'vn-ocop'],
      ['jp-ovop', 'vn-ocop'],
      ['jp-ovop', 'vn-ocop'],
    ]);
    for (const c of connectors) expect(c.harvest).not.toHaveBeenCalled();
  });

  it('does nothing without shards', async () => {
    const federation = new Federation({ connectors: [connector('vn-ocop')], transportFor: () => ({}) as never });
    await expect(federation.warmShards()).resolves.toBeUndefined();
  });
});
