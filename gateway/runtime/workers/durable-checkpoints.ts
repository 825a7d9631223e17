import type { CheckpointStore } from '../../federation/harvest-checkpoint';
import { shardOf } from '../../federation/search/scatter-gather';

/** The part of a catalogue shard's stub the checkpoints use (`CatalogueShardObject`'s checkpoint calls). */
export interface CheckpointShardStub {
  checkpoint(connector: string): Promise<Uint8Array | undefined>;
  saveCheckpoint(request: { connector: string; value: Uint8Array; owner: string; expected: string | null }): Promise<boolean>;
  clearCheckpoint(request: { connector: string; owner: string }): Promise<void>;
}

/** The CATALOGUE_SHARDS binding, as the checkpoints see it. */
export interface CheckpointNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): unknown;
}

/**
 * Harvest checkpoints in the catalogue's shards (issue 30): each connector's in the Durable Object
 * of the shard its id hashes to (`shardOf`), beside the pages its harvest staged there. A Durable
 * Object is strongly consistent and takes a write per page without KV's one write a second per key;
 * its compare-and-set runs within the object. `remove` on the shards forgets it with the connector.
 */
export function durableCheckpoints(namespace: CheckpointNamespace, count: number): CheckpointStore {
  const stub = (connector: string) => namespace.get(namespace.idFromName(`shard-${shardOf(connector, count)}`)) as CheckpointShardStub;
  return {
    get: async (connector) => (await stub(connector).checkpoint(connector)) ?? undefined,
    put: (connector, value, { owner, expected }) => stub(connector).saveCheckpoint({ connector, value, owner, expected }),
    delete: (connector, owner) => stub(connector).clearCheckpoint({ connector, owner }),
  };
}
