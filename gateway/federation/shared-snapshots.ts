import type { Logger } from '../log';
import type { CacheStore } from '../stores/ports';
import type { SnapshotCatalogue } from './catalogue/snapshot-catalogue';
import type { Snapshot } from './snapshot';
import { type BlockCodec, MemoryBlocks } from './storage/document-blocks';
import { encodeSnapshot, readSnapshot } from './storage/snapshot-codec';
import { storeBlocks } from './storage/stored-blocks';

/** How long a snapshot stays in the shared cache: long past its TTL, to serve stale if need be. */
const SNAPSHOT_RETENTION_SECONDS = 7 * 24 * 3600;

export interface SharedSnapshotsOptions {
  /** The store the instances share; a store that is not shared holds no snapshot. */
  cache: CacheStore;
  log: Logger;
  /** How snapshots compress their document blocks; the Web Compression Streams by default. */
  codec?: BlockCodec;
  /** Where document blocks live: in the snapshot (`memory`) or in the store, a page at a time (`store`). @default 'memory' */
  documents?: 'memory' | 'store';
}

/**
 * The snapshots the instances share through the cache store: one connector's latest harvest, read
 * by an instance that did not harvest it. Every failure is logged with its connector and answered
 * as "no shared snapshot", so that the instance harvests itself.
 */
export class SharedSnapshots {
  private readonly cache: CacheStore;
  private readonly log: Logger;
  private readonly codec?: BlockCodec;
  private readonly documents: 'memory' | 'store';

  constructor(options: SharedSnapshotsOptions) {
    this.cache = options.cache;
    this.log = options.log;
    this.codec = options.codec;
    this.documents = options.documents ?? 'memory';
  }

  /** The snapshots this instance read from the store (another instance harvested them). */
  private readonly loaded = new WeakSet<Snapshot>();

  /** True when `snapshot` was read from the store rather than harvested here. */
  wasLoaded(snapshot: Snapshot): boolean {
    return this.loaded.has(snapshot);
  }

  /** True when the store is shared between instances (else nothing is shared and loads find nothing). */
  get shared(): boolean {
    return this.cache.shared === true;
  }

  /** The connector's shared snapshot; undefined when there is none, or it cannot be read or decoded (logged). */
  async load(connector: string): Promise<Snapshot | undefined> {
    if (!this.cache.shared) return undefined;
    let bytes: Uint8Array | undefined;
    try {
      bytes = await this.cache.get(snapshotKey(connector));
    } catch (error) {
      this.log('warn', 'could not read the shared snapshot; harvesting instead', { connector, error: (error as Error).message });
      return undefined;
    }
    if (!bytes) return undefined;
    try {
      const snapshot = await readSnapshot(bytes, { codec: this.codec, store: this.cache });
      this.loaded.add(snapshot);
      return snapshot;
    } catch (error) {
      this.log('warn', 'could not decode the shared snapshot; harvesting instead', { connector, error: (error as Error).message });
      return undefined;
    }
  }

  /** Shares a new snapshot with the other instances; a store that refuses it is logged, and the snapshot is still served here. */
  async share(snapshot: Snapshot): Promise<void> {
    if (!this.cache.shared) return;
    await this.cache
      .set(snapshotKey(snapshot.connector), await encodeSnapshot(snapshot), SNAPSHOT_RETENTION_SECONDS)
      .catch((error) => this.log('warn', 'could not share the snapshot', { connector: snapshot.connector, error: (error as Error).message }));
  }

  /** Deletes a removed connector's shared snapshot; a failure is logged (the entry then expires with its retention). */
  async remove(connector: string): Promise<void> {
    await this.cache
      .delete(snapshotKey(connector))
      .catch((error) => this.log('warn', 'could not delete the shared snapshot', { connector, error: (error as Error).message }));
  }

  /**
   * Moves a new catalogue's document blocks to the shared store when documents live there, under a
   * key of their own; keeps them in memory when the store refuses them.
   */
  async placeDocuments(connector: string, catalogue: SnapshotCatalogue): Promise<SnapshotCatalogue> {
    if (this.documents !== 'store' || !this.cache.shared || !(catalogue.blocks instanceof MemoryBlocks)) return catalogue;
    try {
      const blocks = await storeBlocks(this.cache, documentsKey(connector), catalogue.blocks, { ttlSeconds: SNAPSHOT_RETENTION_SECONDS });
      return { ...catalogue, blocks };
    } catch (error) {
      this.log('warn', 'could not store the documents; keeping them in memory', { connector, error: (error as Error).message });
      return catalogue;
    }
  }
}

function snapshotKey(connectorId: string): string {
  return `snapshot:${connectorId}`;
}

/** The pages of one harvest's documents: a key never reused, so that no page is read before it is written or replaced while read. */
function documentsKey(connectorId: string): string {
  return `documents:${connectorId}:${crypto.randomUUID()}`;
}
