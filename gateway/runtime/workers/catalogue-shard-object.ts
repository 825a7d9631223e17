import { DurableObject, type DurableObjectState, type SqlStorage } from 'cloudflare:workers';
import {
  type ActivateRequest,
  CatalogueShard,
  type FinishedSlice,
  type FinishRequest,
  type IdsRequest,
  type RankRequest,
  type ShardScope,
  type ShardSearchRequest,
  type ShardWalkPage,
  type ShardWalkRequest,
  type StageRequest,
} from '../../federation/shards/catalogue-shard';
import type { ShardClient } from '../../federation/shards/sharded-catalogue';
import type { ShardStorage } from '../../federation/shards/shard-storage';
import type { GtinAdmitRequest, GtinConflict } from '../../federation/shards/shard-gtins';
import type { QuarantinedRecord } from '../../../connectors/core/connector';
import { shardCheckpointRows } from '../../federation/shards/checkpoint-rows';
import type { CheckpointStore } from '../../federation/harvest-checkpoint';
import type { IndexedProduct } from '../../federation/snapshot';
import type { ShardPage, ShardStatistics } from '../../federation/search/scatter-gather';

const SCHEMA = 'CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;';

/** The first key past every key starting with `prefix` (keys are short ASCII-ish strings; U+FFFF sorts after them). */
const upper = (prefix: string) => `${prefix}\uffff`;

/** A SQLite-backed Durable Object's database as the shard's row storage: one table of keyed blobs (each ≤ 2 MB). */
export function sqlShardStorage(sql: SqlStorage): ShardStorage {
  return {
    async get(key) {
      const [row] = sql.exec<{ value: ArrayBuffer }>('SELECT value FROM rows WHERE key = ?', key).toArray();
      return row ? new Uint8Array(row.value) : undefined;
    },
    async put(key, value) {
      const bytes = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value.buffer : value.slice().buffer;
      sql.exec('INSERT OR REPLACE INTO rows (key, value) VALUES (?, ?)', key, bytes as ArrayBuffer);
    },
    async keys(prefix) {
      return sql
        .exec<{ key: string }>('SELECT key FROM rows WHERE key >= ? AND key < ? ORDER BY key', prefix, upper(prefix))
        .toArray()
        .map((row) => row.key);
    },
    async delete(key) {
      sql.exec('DELETE FROM rows WHERE key = ?', key);
    },
    async deletePrefix(prefix) {
      sql.exec('DELETE FROM rows WHERE key >= ? AND key < ?', prefix, upper(prefix));
    },
  };
}

/**
 * One shard of the partitioned catalogue (docs/decisions/0030-edge-partitioning.md), named
 * `shard-<n>` by the Worker: `CatalogueShard` over this object's SQLite storage, its slices read
 * from it lazily on the first call after a start. wrangler.toml's optional CATALOGUE_SHARDS binding
 * names this class.
 */
export class CatalogueShardObject extends DurableObject implements ShardClient {
  private readonly shard: CatalogueShard;
  private readonly sql: SqlStorage;
  private readonly checkpoints: CheckpointStore;
  private lastHeld = '';

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
    this.shard = new CatalogueShard({ storage: sqlShardStorage(this.sql) });
    this.checkpoints = shardCheckpointRows(sqlShardStorage(this.sql));
  }

  stage(request: StageRequest): Promise<void> {
    return this.shard.stage(request);
  }

  finish(request: FinishRequest): Promise<FinishedSlice> {
    return this.reported('finish', () => this.shard.finish(request));
  }

  ids(request: IdsRequest): Promise<string> {
    return this.shard.ids(request);
  }

  rank(request: RankRequest): Promise<void> {
    return this.shard.rank(request);
  }

  activate(request: ActivateRequest): Promise<void> {
    return this.reported('activate', () => this.shard.activate(request));
  }

  remove(connector: string): Promise<void> {
    return this.shard.remove(connector);
  }

  rewind(request: { connector: string; harvest: string; page: number }): Promise<void> {
    return this.shard.rewind(request);
  }

  abandon(request: { connector: string; harvest: string }): Promise<void> {
    return this.shard.abandon(request);
  }

  /** The connector's harvest checkpoint, kept by the shard the Worker asks for it (`durableCheckpoints`). */
  checkpoint(connector: string): Promise<Uint8Array | undefined> {
    return this.checkpoints.get(connector);
  }

  /** Stores a harvest checkpoint if `expected` holds the one stored (compare-and-set within this object). */
  saveCheckpoint(request: { connector: string; value: Uint8Array; owner: string; expected: string | null }): Promise<boolean> {
    return this.checkpoints.put(request.connector, request.value, request);
  }

  /** Forgets a harvest checkpoint held by `owner`. */
  clearCheckpoint(request: { connector: string; owner: string }): Promise<void> {
    return this.checkpoints.delete(request.connector, request.owner);
  }

  warm(request: ShardScope): Promise<void> {
    return this.reported('warm', () => this.shard.warm(request));
  }

  statistics(request: ShardScope & { terms: readonly string[]; lang: string }): Promise<ShardStatistics> {
    return this.reported('statistics', () => this.shard.statistics(request));
  }

  search(request: ShardSearchRequest): Promise<ShardPage> {
    return this.reported('search', () => this.shard.search(request));
  }

  documents(request: ShardScope & { ids: readonly string[]; remember?: boolean }): Promise<Array<IndexedProduct | null>> {
    return this.reported('documents', () => this.shard.documents(request));
  }

  walk(request: ShardWalkRequest): Promise<ShardWalkPage> {
    return this.reported('walk', () => this.shard.walk(request));
  }

  gtin(request: ShardScope & { gtin: string }): Promise<{ id: string; place: number } | null> {
    return this.reported('gtin', () => this.shard.gtin(request));
  }

  /** A page's GTINs that hash to this shard: those another economy's connector owns, the rest claimed (kept in this object's SQLite). */
  admitGtins(request: GtinAdmitRequest): Promise<GtinConflict[]> {
    return this.shard.admitGtins(request);
  }

  /** The notices kept here for an owner, handed over once. */
  takeGtinNotices(connector: string): Promise<QuarantinedRecord[]> {
    return this.shard.takeGtinNotices(connector);
  }

  /**
   * `work`'s answer, once it is done, with a log line of the bytes this shard holds when they changed
   * (`shard holds`, with the call that changed them and how long it took: its slices', its index's,
   * and what every shard of its isolate holds together, with how many times one was let go for
   * their budget, `ShardMemory`): in `wrangler dev` every object of a script shares one isolate, so
   * the bench reads each shard's own share from these lines (docs/performance.md).
   */
  private async reported<T>(call: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const answer = await work();
    const ms = Date.now() - started;
    const sliceBytes = await this.shard.heldBytes();
    const indexBytes = this.shard.indexBytes;
    const isolate = this.shard.isolate;
    const held = `${sliceBytes}:${indexBytes > 0}:${isolate.evictions}`;
    if (held !== this.lastHeld) {
      this.lastHeld = held;
      console.log(
        JSON.stringify({
          time: new Date().toISOString(),
          level: 'info',
          message: 'shard holds',
          shard: this.ctx.id.toString(),
          call,
          ms,
          sliceBytes,
          indexBytes,
          isolateBytes: isolate.bytes,
          evictions: isolate.evictions,
          ...(this.shard.overBudget && { overBudget: true }),
          databaseBytes: this.sql.databaseSize,
        }),
      );
    }
    return answer;
  }

  /** What this shard holds: its slices' bytes in memory and its database's size (the bench reports them per shard). */
  async held(): Promise<{ sliceBytes: number; databaseBytes: number }> {
    return { sliceBytes: await this.shard.heldBytes(), databaseBytes: this.sql.databaseSize };
  }
}
