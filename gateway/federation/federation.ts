import type { Connector, ConnectorInfo, Transport } from '../../connectors/core/connector';
import type { Logger } from '../log';
import { MemoryCache } from '../stores/memory';
import type { CacheStore } from '../stores/ports';
import type { CatalogueIndex } from './catalogue/catalogue-index';
import { type CatalogueWalk, type CatalogueWalkOptions, indexWalk, pagedWalk } from './catalogue/catalogue-walk';
import { docByGtin } from './catalogue/gtin-table';
import { ChangeRecording, type ChangeRecordingOptions } from './change-recording';
import { type ConnectorState, ConnectorTable } from './connector-table';
import type { HarvestReport, HarvestReportLog } from './harvest-report';
import { Harvester } from './harvester';
import type { RegisteredConnectors } from './registered-connectors';
import { RegistryFollower } from './registry-follower';
import { SharedSnapshots } from './shared-snapshots';
import { type Snapshot, servedProducts } from './snapshot';
import { type GtinAdmission, GtinOwners } from './gtin-owners';
import { type ConnectorView, HarvestTimings, viewOf } from './status';
import type { BlockCodec } from './storage/document-blocks';
import { type ShardClient, ShardedCatalogue } from './shards/sharded-catalogue';
import type { CheckpointStore } from './harvest-checkpoint';
import { HarvestResumption } from './harvest-resumption';

export type { ConnectorStatus, ConnectorView } from './status';

export interface FederationOptions {
  connectors: Connector[];
  /** The upstream pipeline for one connector (its own breaker): built-in and registered alike. */
  transportFor: (connector: ConnectorInfo) => Transport;
  /** Where snapshots are shared between instances; memory by default. */
  cache?: CacheStore;
  clock?: () => Date;
  log?: Logger;
  /** Longest a request waits for first harvests before answering with what there is. @default 6000 */
  coldWaitMs?: number;
  /**
   * `on-request` (Node): a request past a snapshot's TTL starts its refresh in the background.
   * `scheduled` (Workers): only `refreshStale`, from a Cron Trigger, refreshes.
   * @default 'on-request'
   */
  revalidate?: 'on-request' | 'scheduled';
  /** The registered connectors: their version is read before answering, at most every `prepareEveryMs` (registrations made by other instances). */
  registered?: RegisteredConnectors;
  /** @default 2000 */
  prepareEveryMs?: number;
  /** Wraps each connector's transport (metrics and traces of its upstream requests). */
  observe?: (connectorId: string, transport: Transport) => Transport;
  /** How snapshots compress their document blocks (Node: node:zlib); the Web Compression Streams by default. */
  codec?: BlockCodec;
  /**
   * Where a harvested snapshot's document blocks live: `memory` (in the snapshot, the default: Node,
   * Redis) or `store` (the shared cache store, by pages, read a page at a time: Workers KV, so that
   * an isolate holds no documents).
   */
  documents?: 'memory' | 'store';
  /** Where harvests write their changes (the change feed); nothing is recorded without it. */
  changes?: Omit<ChangeRecordingOptions, 'clock' | 'logger' | 'shards' | 'sharedSnapshot'>;
  /** Where harvest reports are kept (the registry store, bounded per connector); none kept when absent. */
  reports?: HarvestReportLog;
  /**
   * Keeps work a request started and does not wait for (a first harvest's recording in the change
   * log) alive past its answer. Workers: `waitUntil`, else the runtime drops it with the request.
   * @default nothing (Node runs it to its end anyway)
   */
  background?: (work: Promise<unknown>) => void;
  /**
   * The catalogue's shards (Workers with CATALOGUE_SHARDS, docs/decisions/0030-edge-partitioning.md):
   * harvests stream each page's products to them, searches and reads by id go to them, and this
   * instance holds no index. A sharded harvest's changes are recorded by walking its connector's
   * products across the shards (their source digests first, products read in batches). Absent: the
   * one in-process index.
   */
  shards?: readonly ShardClient[];
  /**
   * Where each sharded harvest keeps its checkpoint after every page, so that a harvest whose
   * invocation ended goes on from its next page in the next one (Workers: the connector's shard,
   * `harvest-resumption.ts`). Absent (Node, one process harvesting): no checkpoint.
   */
  checkpoints?: CheckpointStore;
}

/**
 * The catalogue federation: what the rest of the gateway calls. Each connector's snapshot comes
 * from the shared cache when another instance harvested it, else from a harvest (connectors in
 * parallel, one harvest at a time per connector: `Harvester`). A failed refresh keeps the last good
 * snapshot; snapshots merge into the index (`ConnectorTable`); registered connectors follow the
 * registry (`RegistryFollower`); the API's view of a connector is `status.ts`'s.
 */
export class Federation {
  private readonly table: ConnectorTable;
  /** The partitioned catalogue, when the shards hold it: what the products query searches. */
  readonly shards?: ShardedCatalogue;
  private readonly transportFor: (connector: ConnectorInfo) => Transport;
  private readonly observe?: FederationOptions['observe'];
  private readonly clock: () => Date;
  private readonly coldWaitMs: number;
  private readonly background: (work: Promise<unknown>) => void;
  private readonly revalidate: 'on-request' | 'scheduled';
  private readonly shared: SharedSnapshots;
  private readonly harvester: Harvester;
  /** Who owns each GTIN (the connector that first served it): every harvest's records pass it. */
  readonly gtinOwners = new GtinOwners();

  /** Who owns each GTIN, as a harvest or a dry run asks: the shards when they keep it (Workers), else this instance's `gtinOwners`. */
  get gtinAdmission(): GtinAdmission {
    return this.shards?.gtins ?? this.gtinOwners;
  }
  private readonly follower?: RegistryFollower;
  private readonly harvestTimings = new HarvestTimings();
  private readonly recording?: ChangeRecording;
  private readonly reports?: HarvestReportLog;
  private touchedAt = 0;

  constructor(options: FederationOptions) {
    const cache = options.cache ?? new MemoryCache();
    if (options.shards) this.shards = new ShardedCatalogue({ shards: options.shards, connectors: () => this.table.all().map((s) => s.connector.id) });
    const shards = this.shards;
    this.table = new ConnectorTable(shards ? { lookup: (ids, options) => shards.lookup(ids, options) } : {});
    const log = options.log ?? (() => {});
    this.transportFor = options.transportFor;
    this.observe = options.observe;
    this.clock = options.clock ?? (() => new Date());
    this.coldWaitMs = options.coldWaitMs ?? 6000;
    this.background = options.background ?? (() => {});
    this.revalidate = options.revalidate ?? 'on-request';
    this.shared = new SharedSnapshots({ cache, log, codec: options.codec, documents: options.documents });
    this.reports = options.reports;
    this.harvester = new Harvester({
      table: this.table,
      shared: this.shared,
      cache,
      clock: this.clock,
      log,
      codec: options.codec,
      gtinOwners: this.gtinOwners,
      reports: options.reports,
      sourceDigests: !!options.changes && !this.shards,
      shards: this.shards,
      resumption: options.checkpoints && this.resumption(options.checkpoints, log),
    });
    if (options.changes) {
      const shared = this.shared;
      this.recording = new ChangeRecording({
        ...options.changes,
        clock: this.clock,
        logger: log,
        shards: this.shards,
        sharedSnapshot: (snapshot) => shared.wasLoaded(snapshot),
      });
    }
    if (options.registered) {
      this.follower = new RegistryFollower({
        registered: options.registered,
        install: (id, record, connector) => this.install(id, record, connector),
        remove: (id) => this.remove(id),
        log,
        everyMs: options.prepareEveryMs,
      });
    }
    for (const connector of options.connectors) this.add(connector);
  }

  /** Resumable harvests over the shards, when they can rewind a harvest's staged pages. */
  private resumption(store: CheckpointStore, log: Logger): HarvestResumption | undefined {
    const shards = this.shards?.resumable;
    return shards && new HarvestResumption({ store, shards, clock: this.clock, log });
  }

  /** True once every connector has been tried (no first harvest pending); no side effect. */
  get warm(): boolean {
    return this.table.everBuilt && this.table.allStarted();
  }

  /**
   * The index without waiting, once every connector has been tried; undefined before. Its version
   * changes with any snapshot or connector: what response caches key on. Starts at most one
   * background check a second (TTLs, registrations), so cached answers still keep snapshots fresh.
   * The check is kept alive past the request's answer (`background`): on Workers a finished
   * request's I/O is dropped, and the registry check it started, which later requests share for
   * `prepareEveryMs`, would then never settle (a `connectors` query after an export hung so).
   */
  warmIndex(): CatalogueIndex | undefined {
    const now = Date.now();
    if (now - this.touchedAt >= 1000) {
      this.touchedAt = now;
      this.background(this.index().catch(() => undefined));
    }
    return this.warm ? this.table.index() : undefined;
  }

  /**
   * The index. A connector never tried is loaded first, within the cold-start budget; one whose
   * snapshot is older than its TTL is revalidated in the background: a request never waits for a
   * refresh when a snapshot exists.
   */
  async index(): Promise<CatalogueIndex> {
    await this.follower?.inStep();
    const first: Promise<void>[] = [];
    const now = this.clock().getTime();
    for (const state of this.table.all()) {
      // A request does not wait for the change log: the recording follows the harvest on its own.
      if (!state.started) first.push(this.recorded(state, this.harvester.start(state), false));
      else if (this.revalidate === 'on-request' && this.harvester.isStale(state, now))
        void this.recorded(state, this.harvester.refresh(state, { preferShared: true }), false);
    }
    const pending = this.table
      .all()
      .filter((s) => !s.snapshot && !s.lastError && s.started)
      .map((s) => s.started!);
    if (first.length || pending.length) await withTimeout(Promise.all([...first, ...pending]), this.coldWaitMs);
    return this.table.index();
  }

  /**
   * A walk over every product (or one economy's) in the default order, a page at a time: over the
   * index, or merged from the shards when they hold the catalogue (their pages read as the walk is
   * pulled). What exports, feeds and the sitemap read; the connectors are loaded first as for `index`.
   */
  async walk(options: CatalogueWalkOptions = {}): Promise<CatalogueWalk> {
    const index = this.warmIndex() ?? (await this.index());
    if (!this.shards) return indexWalk(index, options);
    const { economy, records, pageSize } = options;
    return pagedWalk(this.shards.walk({ ...(economy && { economy }), records, pageSize }));
  }

  /**
   * The id of the product that carries a GTIN-14 (GS1 Digital Link), if any: of two (connectors of
   * one economy), the earlier in the default order. From the index, or asked of every shard.
   */
  async productByGtin(gtin: string): Promise<string | undefined> {
    const index = this.warmIndex() ?? (await this.index());
    if (this.shards) return this.shards.byGtin(gtin);
    const doc = docByGtin(index, gtin);
    return doc < 0 ? undefined : index.idOf(doc);
  }

  /** How many products the catalogue serves: its index's size, or the shards' counts when they hold it. */
  productCount(): number {
    if (!this.shards) return this.table.index().size;
    return this.table.all().reduce((sum, state) => sum + (state.snapshot ? servedProducts(state.snapshot) : 0), 0);
  }

  /** Harvests a connector now (joining one under way) and answers its status once its changes are in the log. */
  async refresh(id: string): Promise<ConnectorView | undefined> {
    const state = this.table.get(id);
    if (!state) return undefined;
    if (state.started) {
      await state.started;
      await this.harvester.refresh(state, { preferShared: false });
    } else {
      await (state.started = this.harvester.refresh(state, { preferShared: false }));
    }
    await this.recording?.record(state, () => this.table.holds(state));
    return viewOf(state);
  }

  /**
   * Has the catalogue's shards, when they hold it, read their slices and build their indexes now,
   * for every connector registered: the Cron pass and a Worker isolate's first request call it, so
   * that a search after a restart or an eviction does not wait for every shard's load in turn. It
   * starts no harvest (the shards need the connectors' names, not their snapshots).
   */
  async warmShards(): Promise<void> {
    if (!this.shards) return;
    await this.follower?.inStep();
    await this.shards.warm();
  }

  /** Refreshes every connector past its TTL (or down), and waits: what a scheduled job runs. */
  async refreshStale(): Promise<void> {
    await this.follower?.inStep();
    const now = this.clock().getTime();
    await Promise.all(
      this.table
        .all()
        .map((state) =>
          !state.started
            ? this.recorded(state, this.harvester.start(state), true)
            : this.harvester.isStale(state, now)
              ? this.recorded(state, this.harvester.refresh(state, { preferShared: true }), true)
              : undefined,
        ),
    );
  }

  /**
   * The clock's pass over the change log (at least hourly: a timer on Node, the Cron Trigger on
   * Workers): certificates coming to expiry, compliance moved by a passed validUntil, then the log
   * trimmed to its retention.
   */
  async sweepChanges(): Promise<void> {
    await this.recording?.sweep(this.table.all().filter((s) => s.snapshot));
  }

  /** `work` (a harvest or load), then its snapshot recorded in the change log: awaited when `wait`, else in the background. */
  private recorded(state: ConnectorState, work: Promise<void>, wait: boolean): Promise<void> {
    const recording = work.then(() => this.recording?.record(state, () => this.table.holds(state)));
    if (wait) return recording;
    // Not waited for: kept alive past the request's answer where the runtime would drop it (Workers).
    this.background(recording.catch(() => {}));
    return work;
  }

  /**
   * Adds (or replaces) a connector, reading its catalogue through its own upstream pipeline; its
   * first load starts on the next request or refresh.
   */
  add(connector: Connector): void {
    const transport = this.transportFor(connector);
    this.table.set({ connector, transport: this.observe ? this.observe(connector.id, transport) : transport });
  }

  /** Installs a registered connector from its stored record (a registration made here, or read from the registry). */
  install(id: string, record: string, connector: Connector): void {
    this.follower?.note(id, record);
    this.add(connector);
  }

  /**
   * Removes a connector, its products and its shared snapshot; the change log gets a REMOVED for
   * each product, unless `replaced` (a new manifest under the same id: its first harvest records
   * what changed, and removes what it no longer has).
   */
  async remove(id: string, { replaced = false }: { replaced?: boolean } = {}): Promise<boolean> {
    this.follower?.forget(id);
    this.gtinOwners.release(id);
    const state = this.table.get(id);
    const existed = this.table.delete(id);
    await this.shared.remove(id);
    await this.shards?.remove(id);
    if (state && !replaced) await this.recording?.remove(state);
    return existed;
  }

  /** Forgets a connector's harvest reports (its registration was removed; a replaced one keeps its history). */
  async forgetHarvests(id: string): Promise<void> {
    await this.reports?.remove(id);
  }

  /** A connector's last `last` harvest reports, newest first: the one running here, then the kept ones. */
  async harvests(id: string, last: number): Promise<HarvestReport[]> {
    const running = this.harvester.runningReport(id);
    const kept = this.reports ? await this.reports.recent(id, last) : [];
    return (running ? [running, ...kept] : kept).slice(0, last);
  }

  /** The connector's latest snapshot, when its latest harvest succeeded: what a registration reports on. */
  lastHarvest(id: string): Snapshot | undefined {
    const state = this.table.get(id);
    return state?.snapshot && (!state.lastError || state.lastError === state.snapshot.truncated) ? state.snapshot : undefined;
  }

  /** Every connector's status, counts and last error. */
  connectors(): ConnectorView[] {
    return this.table.all().map(viewOf);
  }

  /** The connectors that have no snapshot to serve. */
  unavailable(): ConnectorView[] {
    return this.connectors().filter((c) => c.status === 'DOWN');
  }

  /** Each connector's last harvest time, as Server-Timing entries (recomputed only after a change). */
  timings(): string {
    return this.harvestTimings.of(() => this.table.all(), this.table.version);
  }
}

/** Resolves when `work` settles or after `ms`, whichever is first. */
async function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
