import type { Connector, ConnectorInfo, Transport } from '../../connectors/core/connector';
import type { Logger } from '../log';
import { MemoryCache } from '../stores/memory';
import type { CacheStore } from '../stores/ports';
import { decodeSnapshot, encodeSnapshot } from './storage/snapshot-codec';
import { CatalogueIndex } from './catalogue/catalogue-index';
import { CatalogueBuilder, type SnapshotCatalogue } from './catalogue/snapshot-catalogue';
import { MemoryBlocks } from './storage/document-blocks';
import { storeBlocks } from './storage/stored-blocks';
import type { BlockCodec } from './storage/document-blocks';
import type { RegisteredConnectors } from './registered-connectors';
import type { Snapshot } from './snapshot';
import { GtinOwners } from './gtin-owners';

export type ConnectorStatus = 'UP' | 'DEGRADED' | 'DOWN';

/** What the API shows of a connector. */
export interface ConnectorView {
  id: string;
  economy: string;
  programme: string;
  name: string;
  builtin: boolean;
  status: ConnectorStatus;
  productCount: number;
  quarantined: number;
  lastRefresh: string | null;
  lastError: string | null;
}

interface State {
  connector: Connector;
  transport: Transport;
  snapshot?: Snapshot;
  lastRefresh?: string;
  lastError?: string;
  /** How long the last harvest took, in milliseconds. */
  lastHarvestMs?: number;
  /** The first load (shared cache, else a harvest); set once. */
  started?: Promise<void>;
  /** The harvest or revalidation under way, shared by everyone who asks meanwhile (single flight). */
  refreshing?: Promise<void>;
}

export interface FederationOptions {
  connectors: Connector[];
  /** The upstream pipeline for one connector (its own breaker): built-in and registered alike. */
  transportFor: (connector: ConnectorInfo) => Transport;
  /** Where snapshots are shared between instances; memory by default. */
  cache?: CacheStore;
  clock?: () => Date;
  log?: Logger;
  /** Longest a request waits for first harvests before answering with what there is. */
  coldWaitMs?: number;
  /**
   * `on-request` (Node): a request past a snapshot's TTL starts its refresh in the background.
   * `scheduled` (Workers): only `refreshStale`, from a Cron Trigger, refreshes.
   */
  revalidate?: 'on-request' | 'scheduled';
  /** The registered connectors: their version is read before answering, at most every `prepareEveryMs` (registrations made by other instances). */
  registered?: RegisteredConnectors;
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
}

/** GTIN conflicts a harvest lists at most (each one's record is quarantined all the same). */
const MAX_GTIN_CONFLICTS_LISTED = 500;
/** How long a snapshot stays in the shared cache: long past its TTL, to serve stale if need be. */
const SNAPSHOT_RETENTION_SECONDS = 7 * 24 * 3600;
/** A connector with nothing to serve is tried again this soon, whatever its TTL. */
const DOWN_RETRY_SECONDS = 30;
/** How long one instance holds a connector's harvest for the others (and how long they wait for its snapshot). */
const HARVEST_LEASE_MS = 60_000;
/** How often a waiting instance looks for the lease holder's snapshot. */
const LEASE_POLL_MS = 100;

/**
 * The catalogue federation. Each connector's snapshot comes from the shared cache when another
 * instance harvested it, else from a harvest (connectors in parallel, one harvest at a time per
 * connector). A failed refresh keeps the last good snapshot; snapshots merge into the index.
 */
export class Federation {
  private readonly states = new Map<string, State>();
  private readonly transportFor: (connector: ConnectorInfo) => Transport;
  private readonly cache: CacheStore;
  private readonly clock: () => Date;
  private readonly log: Logger;
  private readonly coldWaitMs: number;
  private readonly revalidate: 'on-request' | 'scheduled';
  private readonly registered?: RegisteredConnectors;
  /** The registry version this instance's registered connectors match, and their records by id. */
  private registryVersion: string | undefined | null = null;
  private readonly installed = new Map<string, string>();
  /** Who owns each GTIN (the connector that first served it): every harvest's records pass it. */
  readonly gtinOwners = new GtinOwners();
  private readonly prepareEveryMs: number;
  private readonly observe?: FederationOptions['observe'];
  private readonly codec?: BlockCodec;
  private readonly documents: 'memory' | 'store';
  private preparedAt = -Infinity;
  private preparing?: Promise<void>;
  private built?: CatalogueIndex;
  private changes = 0;
  private touchedAt = 0;
  private timingsAt = -1;
  private timingEntries = '';

  constructor(options: FederationOptions) {
    this.transportFor = options.transportFor;
    this.observe = options.observe;
    this.codec = options.codec;
    this.documents = options.documents ?? 'memory';
    this.cache = options.cache ?? new MemoryCache();
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log ?? (() => {});
    this.coldWaitMs = options.coldWaitMs ?? 6000;
    this.revalidate = options.revalidate ?? 'on-request';
    this.registered = options.registered;
    this.prepareEveryMs = options.prepareEveryMs ?? 2000;
    for (const connector of options.connectors) this.add(connector);
  }

  /** True once every connector has been tried (no first harvest pending); no side effect. */
  get warm(): boolean {
    if (this.built === undefined) return false;
    for (const state of this.states.values()) if (!state.started) return false;
    return true;
  }

  /**
   * The index without waiting, once every connector has been tried; undefined before. Its version
   * changes with any snapshot or connector: what response caches key on. Starts at most one
   * background check a second (TTLs, registrations), so cached answers still keep snapshots fresh.
   */
  warmIndex(): CatalogueIndex | undefined {
    const now = Date.now();
    if (now - this.touchedAt >= 1000) {
      this.touchedAt = now;
      void this.index();
    }
    return this.built && [...this.states.values()].every((s) => s.started) ? this.current() : undefined;
  }

  /**
   * The index. A connector never tried is loaded first, within the cold-start budget; one whose
   * snapshot is older than its TTL is revalidated in the background: a request never waits for a
   * refresh when a snapshot exists.
   */
  async index(): Promise<CatalogueIndex> {
    await this.prepared();
    const first: Promise<void>[] = [];
    const now = this.clock().getTime();
    for (const state of this.states.values()) {
      if (!state.started) first.push(this.start(state));
      else if (this.revalidate === 'on-request' && this.isStale(state, now)) void this.refreshState(state, { preferShared: true });
    }
    const pending = [...this.states.values()].filter((s) => !s.snapshot && !s.lastError && s.started).map((s) => s.started!);
    if (first.length || pending.length) await withTimeout(Promise.all([...first, ...pending]), this.coldWaitMs);
    return this.current();
  }

  /** Harvests a connector now (joining one under way) and answers its status afterwards. */
  async refresh(id: string): Promise<ConnectorView | undefined> {
    const state = this.states.get(id);
    if (!state) return undefined;
    if (state.started) {
      await state.started;
      await this.refreshState(state, { preferShared: false });
    } else {
      await (state.started = this.refreshState(state, { preferShared: false }));
    }
    return this.view(state);
  }

  /**
   * Adds (or replaces) a connector, reading its catalogue through its own upstream pipeline; its
   * first load starts on the next request or refresh.
   */
  add(connector: Connector): void {
    const transport = this.transportFor(connector);
    this.states.set(connector.id, { connector, transport: this.observe ? this.observe(connector.id, transport) : transport });
    this.changes++;
  }

  /** The connector's latest snapshot, when its latest harvest succeeded: what a registration reports on. */
  lastHarvest(id: string): Snapshot | undefined {
    const state = this.states.get(id);
    return state?.snapshot && (!state.lastError || state.lastError === state.snapshot.truncated) ? state.snapshot : undefined;
  }

  /** Installs a registered connector from its stored record (a registration made here, or read from the registry). */
  install(id: string, record: string, connector: Connector): void {
    this.installed.set(id, record);
    this.add(connector);
  }

  private async prepared(): Promise<void> {
    if (!this.registered || Date.now() - this.preparedAt < this.prepareEveryMs) return this.preparing;
    this.preparedAt = Date.now();
    this.preparing = this.follow(this.registered).catch((error) => this.log('warn', 'could not read registrations', { error: (error as Error).message }));
    return this.preparing;
  }

  /** Brings the registered connectors in step with the registry when its version moved (registrations or removals by other instances). */
  private async follow(registered: RegisteredConnectors): Promise<void> {
    const version = await registered.version();
    if (version === this.registryVersion) return;
    const records = await registered.records();
    for (const [id, record] of records) {
      if (this.installed.get(id) !== record) this.install(id, record, registered.connectorOf(record));
    }
    for (const id of [...this.installed.keys()]) if (!records.has(id)) await this.remove(id);
    this.registryVersion = version;
  }

  /** Removes a connector, its products and its shared snapshot. */
  async remove(id: string): Promise<boolean> {
    this.installed.delete(id);
    this.gtinOwners.release(id);
    const existed = this.states.delete(id);
    await this.cache.delete(snapshotKey(id)).catch(() => {});
    this.changes++;
    return existed;
  }

  /** Every connector's status, counts and last error. */
  connectors(): ConnectorView[] {
    return [...this.states.values()].map((s) => this.view(s));
  }

  /** Each connector's last harvest time, as Server-Timing entries (recomputed only after a change). */
  timings(): string {
    if (this.timingsAt !== this.changes) {
      this.timingsAt = this.changes;
      this.timingEntries = [...this.states.values()]
        .filter((s) => s.lastHarvestMs !== undefined)
        .map((s) => `${s.connector.id};desc="last harvest";dur=${s.lastHarvestMs!.toFixed(1)}`)
        .join(', ');
    }
    return this.timingEntries;
  }

  /** The connectors that have no snapshot to serve. */
  unavailable(): ConnectorView[] {
    return this.connectors().filter((c) => c.status === 'DOWN');
  }

  private current(): CatalogueIndex {
    if (!this.built || this.built.version !== this.changes) {
      const states = [...this.states.values()];
      const snapshots = states.flatMap((s) => (s.snapshot ? [s.snapshot] : []));
      // A truncated harvest is fresh (what it read is current); stale means the last harvest failed.
      const stale = new Set(states.filter((s) => s.snapshot && s.lastError && s.lastError !== s.snapshot.truncated).map((s) => s.connector.id));
      this.built = new CatalogueIndex(snapshots, stale, this.changes);
    }
    return this.built;
  }

  private start(state: State): Promise<void> {
    return (state.started ??= (async () => {
      const shared = await this.loadShared(state.connector.id);
      if (shared) this.adopt(state, shared);
      else await this.refreshState(state, { preferShared: false });
    })());
  }

  /**
   * Harvests once across the instances sharing the cache store: the holder of the connector's lease
   * harvests and shares its snapshot; the others wait for that snapshot (newer than what they
   * serve), and harvest themselves only if the holder let go without sharing one, or never answers.
   */
  private async harvestOnce(state: State): Promise<void> {
    const { cache } = this;
    if (!cache.shared || !cache.lease) return this.harvest(state);
    const key = leaseKey(state.connector.id);
    const take = () => cache.lease!(key, HARVEST_LEASE_MS).catch(() => true);
    const since = state.snapshot?.fetchedAt ?? '';
    const deadline = Date.now() + HARVEST_LEASE_MS;
    let waited = false;
    while (!(await take())) {
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, LEASE_POLL_MS));
      if (Date.now() > deadline) break;
      // While the lease is held, only its small value is read; the snapshot once it is let go.
      if (await cache.get(key).catch(() => undefined)) continue;
      const shared = await this.loadShared(state.connector.id);
      if (shared && shared.fetchedAt > since) {
        if (this.states.get(state.connector.id) === state) this.adopt(state, shared);
        return;
      }
    }
    try {
      // The holder may have let go between our last look and this take: its snapshot is then new.
      const shared = waited ? await this.loadShared(state.connector.id) : undefined;
      if (shared && shared.fetchedAt > since) {
        if (this.states.get(state.connector.id) === state) this.adopt(state, shared);
        return;
      }
      await this.harvest(state);
    } finally {
      await cache.delete(key).catch(() => undefined);
    }
  }

  /** One revalidation at a time: adopt a newer shared snapshot if another instance made one, else harvest. */
  private refreshState(state: State, { preferShared }: { preferShared: boolean }): Promise<void> {
    return (state.refreshing ??= (async () => {
      if (preferShared) {
        const shared = await this.loadShared(state.connector.id);
        if (shared && (!state.snapshot || shared.fetchedAt > state.snapshot.fetchedAt) && !this.expired(state, shared)) {
          this.adopt(state, shared);
          return;
        }
      }
      await this.harvestOnce(state);
    })().finally(() => (state.refreshing = undefined)));
  }

  /** Refreshes every connector past its TTL (or down), and waits: what a scheduled job runs. */
  async refreshStale(): Promise<void> {
    await this.prepared();
    const now = this.clock().getTime();
    await Promise.all(
      [...this.states.values()].map((state) =>
        !state.started ? this.start(state) : this.isStale(state, now) ? this.refreshState(state, { preferShared: true }) : undefined,
      ),
    );
  }

  private isStale(state: State, now: number): boolean {
    return state.lastRefresh !== undefined && now - Date.parse(state.lastRefresh) > this.retryAfterSeconds(state) * 1000;
  }

  private retryAfterSeconds(state: State): number {
    const ttl = state.connector.refresh.ttlSeconds;
    return state.snapshot ? ttl : Math.min(ttl, DOWN_RETRY_SECONDS);
  }

  private expired(state: State, snapshot: Snapshot): boolean {
    return this.clock().getTime() - Date.parse(snapshot.fetchedAt) > state.connector.refresh.ttlSeconds * 1000;
  }

  private adopt(state: State, snapshot: Snapshot): void {
    state.snapshot = snapshot;
    state.lastRefresh = snapshot.fetchedAt;
    state.lastError = snapshot.truncated;
    this.changes++;
  }

  private async harvest(state: State): Promise<void> {
    const { connector } = state;
    const started = this.clock().toISOString();
    const timer = performance.now();
    try {
      // Each product is encoded, tokenized and reduced to columns as it is validated, then let go.
      const builder = new CatalogueBuilder({ codec: this.codec });
      // A record carrying a GTIN another economy's connector served first is quarantined, not served.
      const conflicts: Snapshot['quarantined'] = [];
      const admit = (product: Parameters<CatalogueBuilder['add']>[0]) => {
        const conflict = this.gtinOwners.admit(connector, product);
        if (!conflict) builder.add(product);
        else if (conflicts.length < MAX_GTIN_CONFLICTS_LISTED) conflicts.push(conflict);
      };
      const harvest = await connector.harvest({ transport: state.transport, onProduct: admit, pace: () => builder.drained() });
      // A connector that does not take `onProduct` hands its products back instead.
      for (const product of harvest.products) admit(product);
      const catalogue = await this.placeDocuments(connector.id, await builder.finish());
      state.lastHarvestMs = performance.now() - timer;
      const snapshot: Snapshot = {
        connector: connector.id,
        catalogue,
        quarantined: [...harvest.quarantined, ...conflicts, ...this.gtinOwners.takeNotices(connector.id)],
        records: harvest.records,
        fetchedAt: started,
        ...(harvest.truncated && { truncated: harvest.truncated }),
      };
      if (!this.states.has(connector.id) || this.states.get(connector.id) !== state) return;
      this.adopt(state, snapshot);
      if (this.cache.shared) {
        await this.cache
          .set(snapshotKey(connector.id), await encodeSnapshot(snapshot), SNAPSHOT_RETENTION_SECONDS)
          .catch((error) => this.log('warn', 'could not share the snapshot', { connector: connector.id, error: (error as Error).message }));
      }
      this.log('info', 'harvested', {
        connector: connector.id,
        products: catalogue.size,
        quarantined: harvest.records - catalogue.size,
        pages: harvest.pages,
        ...(harvest.truncated && { truncated: harvest.truncated }),
      });
    } catch (error) {
      state.lastHarvestMs = performance.now() - timer;
      state.lastError = (error as Error).message;
      state.lastRefresh = started;
      this.changes++;
      this.log(state.snapshot ? 'warn' : 'error', 'harvest failed', { connector: connector.id, error: state.lastError });
    }
  }

  /**
   * Moves a new catalogue's document blocks to the shared store when documents live there, under a
   * key of their own; keeps them in memory when the store refuses them.
   */
  private async placeDocuments(connector: string, catalogue: SnapshotCatalogue): Promise<SnapshotCatalogue> {
    if (this.documents !== 'store' || !this.cache.shared || !(catalogue.blocks instanceof MemoryBlocks)) return catalogue;
    try {
      const blocks = await storeBlocks(this.cache, documentsKey(connector), catalogue.blocks, SNAPSHOT_RETENTION_SECONDS);
      return { ...catalogue, blocks };
    } catch (error) {
      this.log('warn', 'could not store the documents; keeping them in memory', { connector, error: (error as Error).message });
      return catalogue;
    }
  }

  private async loadShared(id: string): Promise<Snapshot | undefined> {
    if (!this.cache.shared) return undefined;
    const bytes = await this.cache.get(snapshotKey(id)).catch(() => undefined);
    return bytes && (await decodeSnapshot(bytes, { codec: this.codec, store: this.cache }));
  }

  private view(state: State): ConnectorView {
    const { connector, snapshot } = state;
    const loading = !snapshot && !state.lastError && state.started;
    return {
      id: connector.id,
      economy: connector.economy,
      programme: connector.programme,
      name: connector.name,
      builtin: connector.builtin,
      status: !snapshot ? 'DOWN' : state.lastError ? 'DEGRADED' : 'UP',
      productCount: snapshot?.catalogue.size ?? 0,
      quarantined: snapshot ? snapshot.records - snapshot.catalogue.size : 0,
      lastRefresh: state.lastRefresh ?? null,
      lastError: state.lastError ?? (loading ? 'first harvest still in progress' : null),
    };
  }
}

function snapshotKey(connectorId: string): string {
  return `snapshot:${connectorId}`;
}

/** The pages of one harvest's documents: a key never reused, so that no page is read before it is written or replaced while read. */
function documentsKey(connectorId: string): string {
  return `documents:${connectorId}:${crypto.randomUUID()}`;
}

/** The lease of one connector's harvest; the braces are a Redis Cluster hash tag (one slot per connector). */
function leaseKey(connectorId: string): string {
  return `harvest-lease:{${connectorId}}`;
}

async function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
