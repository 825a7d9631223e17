import type { CanonicalProduct } from '../../schemas/product';
import type { ChangeLog } from '../changes/change-log';
import type { HarvestItem } from '../changes/detect';
import { sourceDigestOfBytes } from '../changes/row-digest';
import type { ProductChange } from '../changes/event';
import { recordConnectorRemoval, recordHarvest, recordSweep } from '../changes/record';
import type { Logger } from '../log';
import { docOf, type SnapshotCatalogue } from './catalogue/snapshot-catalogue';
import type { ConnectorState } from './connector-table';
import { batchedReader } from './shards/batched-reads';
import type { ShardedCatalogue } from './shards/sharded-catalogue';
import type { Snapshot } from './snapshot';
import { BLOCK_SIZE, type UnpackedBlock, unpackBlock } from './storage/document-blocks';

export interface ChangeRecordingOptions {
  /** The change log harvests write to (docs/contract.md, "Keeping in sync: the change feed"). */
  log: ChangeLog;
  /** CHANGES_MAX_REMOVAL_RATIO. @default 0.2 */
  maxRemovalRatio?: number;
  /** CERT_EXPIRY_NOTICE_DAYS. @default 30 */
  noticeDays?: number;
  /**
   * Products a sweep evaluates at most right after a harvest (the rest wait for the clock's
   * sweep): a refresh waits for it, so it is kept short. @default 100
   */
  harvestSweepEvaluations?: number;
  clock: () => Date;
  logger: Logger;
  /** Told what each write added to the log (empty after a trim): the metrics follow it. */
  onWritten?: (written: readonly ProductChange[]) => void;
  /**
   * The catalogue's shards, when they hold it (the Worker with CATALOGUE_SHARDS): a sharded
   * snapshot's products are walked and read through them (`shardItemsOf`, `shardProductReader`).
   */
  shards?: ShardedCatalogue;
  /**
   * With shards: whether a snapshot was read from the shared store (another isolate harvested it,
   * and recorded it). Such a snapshot is not recorded again here: a recording walks every digest on
   * the shards and in the log, and a cold isolate that did so for every connector held 70 MB and
   * answered searches at p99 2.5 s (250,000 products). Should the harvesting isolate have died
   * before its recording, the connector's next harvest records what changed.
   */
  sharedSnapshot?: (snapshot: Snapshot) => boolean;
}

/** Blocks read at once when a snapshot's documents are walked. */
const BLOCKS_AT_ONCE = 8;

/**
 * Writes what the federation's harvests change into the change log: each snapshot a connector
 * adopts is compared once with the recorded state (`recordHarvest`, its products read back from
 * the snapshot's document blocks a few at a time, never held whole), followed by a short sweep
 * and a trim. Work on one connector runs one piece at a time, in order, so a later snapshot is
 * never recorded before an earlier one; a recording that fails leaves its snapshot to the next
 * call. The engine's only door into gateway/changes: the port and record.ts.
 */
export class ChangeRecording {
  private readonly options: ChangeRecordingOptions;
  private readonly recorded = new WeakSet<Snapshot>();
  private readonly queues = new Map<string, Promise<void>>();
  private trimming: Promise<void> | undefined;
  /** With shards, the recording under way in this isolate: the next waits for it (see `record`). */
  private sharded: Promise<void> = Promise.resolve();

  constructor(options: ChangeRecordingOptions) {
    this.options = options;
  }

  /**
   * Records the connector's current snapshot unless it was recorded already (a harvest here, or a
   * snapshot another instance shared: the log's version check makes that a duplicate), then sweeps
   * the connector. Resolves once both are in the log; `holds` says the connector is still served
   * (a removed one records nothing more).
   */
  record(state: ConnectorState, holds: () => boolean): Promise<void> {
    return this.queue(state.connector.id, () => this.oneAtATime(() => this.recordNow(state, holds)));
  }

  /**
   * `work` after any recording under way when the shards hold the catalogue (a Worker isolate has
   * 128 MB, and a recording holds a page of its connector's row digests, a hash of each id its
   * harvest gave and a batch of its products: six connectors' harvests ending together would hold
   * six of each); at once otherwise.
   */
  private oneAtATime(work: () => Promise<void>): Promise<void> {
    if (!this.options.shards) return work();
    const next = this.sharded.catch(() => {}).then(work);
    this.sharded = next;
    return next;
  }

  /** Records the connector's current snapshot unless recorded already, then sweeps it (see `record`). */
  private async recordNow(state: ConnectorState, holds: () => boolean): Promise<void> {
    const snapshot = state.snapshot;
    if (!snapshot || this.recorded.has(snapshot) || !holds()) return;
    if (this.options.shards && snapshot.products !== undefined && this.options.sharedSnapshot?.(snapshot)) return;
    this.recorded.add(snapshot);
    const { connector } = state;
    const { log, clock, maxRemovalRatio } = this.options;
    const started = Date.now();
    let events = 0;
    try {
      const recorded = await recordHarvest(log, {
        connector: connector.id,
        economy: connector.economy,
        now: clock(),
        harvest: { complete: !snapshot.truncated, products: this.itemsOf(snapshot) },
        maxRemovalRatio,
        // Each append's events told as they are written, never all of a harvest's held.
        onWritten: (written) => {
          events += written.length;
          this.written(written);
        },
      });
      if (recorded.heldBack) {
        this.options.logger('warn', 'removals held back', {
          connector: connector.id,
          products: recorded.heldBack.productIds.length,
          reason: recorded.heldBack.reason,
        });
      }
      if (recorded.conflicts.length)
        this.options.logger('warn', 'changes left to the next harvest', { connector: connector.id, products: recorded.conflicts.length });
    } catch (error) {
      this.recorded.delete(snapshot);
      this.options.logger('error', 'recording the harvest in the change log failed', { connector: connector.id, error: (error as Error).message });
      return;
    }
    await this.sweepNow(state, { maxEvaluations: this.options.harvestSweepEvaluations ?? 100 });
    await this.trim();
    // When a harvest's events are all in the feed (a first harvest's recording can outlast its request by minutes).
    this.options.logger('info', 'harvest recorded', { connector: connector.id, events, ms: Date.now() - started });
  }

  /** Records a connector's removal: REMOVED for each of its products. */
  remove(state: ConnectorState): Promise<void> {
    const { connector } = state;
    return this.queue(connector.id, async () => {
      try {
        const recorded = await recordConnectorRemoval(this.options.log, { connector: connector.id, economy: connector.economy, now: this.options.clock() });
        this.written(recorded.written);
      } catch (error) {
        this.options.logger('error', "recording a connector's removal in the change log failed", { connector: connector.id, error: (error as Error).message });
      }
    });
  }

  /**
   * The clock's pass (at least hourly): each connector's certificates coming to expiry and
   * compliance moved by a passed validUntil, then the log trimmed to its retention.
   */
  async sweep(states: readonly ConnectorState[]): Promise<void> {
    await Promise.all(states.map((state) => this.queue(state.connector.id, () => this.sweepNow(state))));
    await this.trim();
  }

  /** Sweeps the connector (its digests walked a page at a time from the log). */
  private async sweepNow(state: ConnectorState, { maxEvaluations }: { maxEvaluations?: number } = {}): Promise<void> {
    const snapshot = state.snapshot;
    if (!snapshot) return;
    const { connector } = state;
    try {
      const swept = await recordSweep(this.options.log, {
        connector: connector.id,
        economy: connector.economy,
        now: this.options.clock(),
        noticeDays: this.options.noticeDays,
        product: this.productReader(snapshot),
        maxEvaluations,
      });
      this.written(swept.written);
    } catch (error) {
      this.options.logger('warn', 'the change sweep failed; the next one tries again', { connector: connector.id, error: (error as Error).message });
    }
  }

  /** A snapshot's products as HarvestItems: from the shards when they hold them, else from the snapshot. */
  private itemsOf(snapshot: Snapshot): Iterable<HarvestItem> | AsyncIterable<HarvestItem> {
    const { shards } = this.options;
    return shards && snapshot.products !== undefined ? shardItemsOf(shards, snapshot.connector) : itemsOf(snapshot);
  }

  /** A snapshot's products by id, for a sweep: from the shards when they hold them, else from the snapshot's blocks. */
  private productReader(snapshot: Snapshot): (id: string) => Promise<CanonicalProduct | undefined> {
    const { shards } = this.options;
    return shards && snapshot.products !== undefined ? shardProductReader(shards) : productReader(snapshot.catalogue);
  }

  /**
   * Trims the log to its retention: connectors whose harvests end together (a refresh of every
   * connector) share one trim under way rather than send one each.
   */
  private trim(): Promise<void> {
    this.trimming ??= (async () => {
      try {
        await this.options.log.trim();
        this.written([]);
      } catch (error) {
        this.options.logger('warn', 'trimming the change log failed', { error: (error as Error).message });
      } finally {
        this.trimming = undefined;
      }
    })();
    return this.trimming;
  }

  private written(written: readonly ProductChange[]): void {
    this.options.onWritten?.(written);
  }

  /** Runs `work` after everything queued for the connector; the queue forgets a connector once idle. */
  private queue(id: string, work: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(id) ?? Promise.resolve()).catch(() => {}).then(work);
    this.queues.set(id, next);
    void next.finally(() => {
      if (this.queues.get(id) === next) this.queues.delete(id);
    });
    return next;
  }
}

/** A snapshot's products, a few blocks at a time, read afresh each time it is iterated (a detection may run again). */
export function productsOf(catalogue: SnapshotCatalogue): AsyncIterable<CanonicalProduct> {
  return {
    async *[Symbol.asyncIterator]() {
      const count = catalogue.blocks.count;
      for (let first = 0; first < count; first += BLOCKS_AT_ONCE) {
        const wanted = Array.from({ length: Math.min(BLOCKS_AT_ONCE, count - first) }, (_, i) => first + i);
        for (const bytes of await catalogue.blocks.readMany(wanted)) {
          const block = await unpackBlock(bytes, catalogue.codec);
          for (let i = 0; i < block.count; i++) yield block.record(i);
        }
      }
    },
  };
}

const decoder = new TextDecoder();

/**
 * A snapshot's products in the harvest's order as HarvestItems, each parsed only when detection
 * asks (the few whose digest moved). Their digests come from the harvest (`Snapshot.sources`: no
 * document is read for an unchanged product, and the walk is synchronous) or, for a snapshot
 * another instance shared, from hashing each document's JSON a few blocks at a time. Read afresh
 * each time it is iterated.
 */
export function itemsOf(snapshot: Pick<Snapshot, 'catalogue' | 'sources'>): Iterable<HarvestItem> | AsyncIterable<HarvestItem> {
  const { catalogue, sources } = snapshot;
  // Documents are numbered in id order; placeOf says where each is in the blocks.
  const docsByPlace = () => {
    const docAt = new Int32Array(catalogue.size);
    catalogue.placeOf.forEach((place, doc) => {
      docAt[place] = doc;
    });
    return docAt;
  };
  if (sources && sources.count === catalogue.size) {
    return {
      *[Symbol.iterator]() {
        const docAt = docsByPlace();
        const read = placeReader(catalogue);
        for (let place = 0; place < catalogue.size; place++) {
          yield { id: catalogue.ids.at(docAt[place]!), source: sources.at(place), product: () => read(place) };
        }
      },
    };
  }
  return {
    async *[Symbol.asyncIterator]() {
      const docAt = docsByPlace();
      const count = catalogue.blocks.count;
      for (let first = 0; first < count; first += BLOCKS_AT_ONCE) {
        const wanted = Array.from({ length: Math.min(BLOCKS_AT_ONCE, count - first) }, (_, i) => first + i);
        const blocks = await catalogue.blocks.readMany(wanted);
        for (const [b, bytes] of blocks.entries()) {
          const block = await unpackBlock(bytes, catalogue.codec);
          for (let i = 0; i < block.count; i++) {
            const json = block.bytes(i);
            const id = catalogue.ids.at(docAt[(first + b) * BLOCK_SIZE + i]!);
            yield { id, source: sourceDigestOfBytes(json), product: () => JSON.parse(decoder.decode(json)) as CanonicalProduct };
          }
        }
      }
    },
  };
}

/**
 * The product at a place in a snapshot's blocks, keeping the last block asked for (detection and the
 * sweep ask in place order, a chunk at a time before awaiting any: the chunk's reads of one block
 * share its one read).
 */
function placeReader(catalogue: SnapshotCatalogue): (place: number) => Promise<CanonicalProduct> {
  let last: { index: number; block: Promise<UnpackedBlock> } | undefined;
  return async (place) => {
    const index = Math.floor(place / BLOCK_SIZE);
    if (last?.index !== index) {
      const block = catalogue.blocks.readMany([index]).then(([bytes]) => unpackBlock(bytes!, catalogue.codec));
      last = { index, block };
    }
    return (await last.block).record(place % BLOCK_SIZE);
  };
}

/**
 * A connector's products on the catalogue's shards as HarvestItems, walked a page at a time
 * (`ShardedCatalogue.walk`: ids and source digests, no records), each product read only when
 * detection asks (the few whose digest moved, or all of a first harvest), those of a detection's
 * batch together: one read per shard per batch (`batchedReader`). Walked afresh each time it is
 * iterated. A product gone from its shard meanwhile (a newer harvest served) fails the recording,
 * which the next one makes again.
 */
export function shardItemsOf(shards: ShardedCatalogue, connector: string): AsyncIterable<HarvestItem> {
  return {
    async *[Symbol.asyncIterator]() {
      const read = batchedReader((ids) => shards.lookup(ids, { remember: false }));
      const product = async (id: string) => {
        const found = await read(id);
        if (!found) throw new Error(`the shards no longer hold ${id}`);
        return found;
      };
      for await (const page of shards.walk({ connector, pageSize: 500 })) {
        for (const entry of page) yield { id: entry.id, source: entry.source, product: () => product(entry.id) };
      }
    },
  };
}

/** Products by id from the catalogue's shards, for a sweep: those it asks for at once read together (one call per shard). */
export function shardProductReader(shards: ShardedCatalogue): (id: string) => Promise<CanonicalProduct | undefined> {
  return batchedReader((ids) => shards.lookup(ids, { remember: false }));
}

/**
 * A product by id from a snapshot's blocks, keeping the last block read (a sweep asks in the
 * order the rows were written, the harvest's order, so neighbours share a block).
 */
function productReader(catalogue: SnapshotCatalogue): (id: string) => Promise<CanonicalProduct | undefined> {
  const read = placeReader(catalogue);
  return async (id) => {
    const doc = docOf(catalogue, id);
    return doc < 0 ? undefined : read(catalogue.placeOf[doc]!);
  };
}
