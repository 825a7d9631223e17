import type { CheckpointStore } from '../harvest-checkpoint';
import type { ShardStorage } from './shard-storage';

/** Where a connector's checkpoint is: its holder's token, and its bytes (catalogue-shard.ts's `remove` forgets both with the connector). */
const ownerKey = (connector: string) => `checkpoint:${connector}:owner`;
const valueKey = (connector: string) => `checkpoint:${connector}:value`;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A shard's rows as the store of harvest checkpoints (`CheckpointStore`): the Durable Object of the
 * connector's shard keeps its checkpoint beside the pages its harvest staged. The compare-and-set
 * runs within one call of the object, whose storage calls resolve without yielding to another call.
 */
export function shardCheckpointRows(storage: ShardStorage): CheckpointStore {
  return {
    get: (connector) => storage.get(valueKey(connector)),
    async put(connector, value, { owner, expected }) {
      const held = await storage.get(ownerKey(connector));
      if ((held ? decoder.decode(held) : null) !== expected) return false;
      await storage.put(valueKey(connector), value);
      await storage.put(ownerKey(connector), encoder.encode(owner));
      return true;
    },
    async delete(connector, owner) {
      const held = await storage.get(ownerKey(connector));
      if (!held || decoder.decode(held) !== owner) return;
      await storage.delete(valueKey(connector));
      await storage.delete(ownerKey(connector));
    },
  };
}
