import type { Connector, Transport } from '../../connectors/core/connector';
import { CatalogueIndex, type CatalogueIndexOptions } from './catalogue/catalogue-index';
import type { Snapshot } from './snapshot';

/** What the federation knows of one connector: its snapshot, its last harvest and the work under way. */
export interface ConnectorState {
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

/**
 * The connectors by id, and the version of what they serve: every snapshot adopted, harvest failed,
 * connector added or removed moves it, and the index is rebuilt only when it moved. The version is
 * what response caches key on.
 */
export class ConnectorTable {
  private readonly states = new Map<string, ConnectorState>();
  private changes = 0;
  private built?: CatalogueIndex;

  /** `lookup`: where products are read by id when the catalogue's shards hold them (see `CatalogueIndexOptions.lookup`). */
  constructor(private readonly options: Pick<CatalogueIndexOptions, 'lookup'> = {}) {}

  /** The version of what the connectors serve; moves with every change. */
  get version(): number {
    return this.changes;
  }

  /** True once the index was built at least once. */
  get everBuilt(): boolean {
    return this.built !== undefined;
  }

  /** Every connector's state, in the order they were added. */
  all(): ConnectorState[] {
    return [...this.states.values()];
  }

  /** True once every connector has been tried (none waits for its first load). */
  allStarted(): boolean {
    for (const state of this.states.values()) if (!state.started) return false;
    return true;
  }

  /** The connector's state, by id. */
  get(id: string): ConnectorState | undefined {
    return this.states.get(id);
  }

  /** True while `state` is still the one serving its connector (not removed nor replaced meanwhile). */
  holds(state: ConnectorState): boolean {
    return this.states.get(state.connector.id) === state;
  }

  /** Adds (or replaces) a connector's state. */
  set(state: ConnectorState): void {
    this.states.set(state.connector.id, state);
    this.changes++;
  }

  /** Removes a connector; true when it was there. */
  delete(id: string): boolean {
    const existed = this.states.delete(id);
    this.changes++;
    return existed;
  }

  /** Serves `snapshot` for its connector from now on. */
  adopt(state: ConnectorState, snapshot: Snapshot): void {
    state.snapshot = snapshot;
    state.lastRefresh = snapshot.fetchedAt;
    state.lastError = snapshot.truncated;
    this.changes++;
  }

  /** Records a failed harvest: the last good snapshot, if any, is still served (stale). */
  fail(state: ConnectorState, error: string, at: string): void {
    state.lastError = error;
    state.lastRefresh = at;
    this.changes++;
  }

  /** The index of every snapshot served, rebuilt only when the version moved. */
  index(): CatalogueIndex {
    if (!this.built || this.built.version !== this.changes) {
      const states = this.all();
      const snapshots = states.flatMap((s) => (s.snapshot ? [s.snapshot] : []));
      // A truncated harvest is fresh (what it read is current); stale means the last harvest failed.
      const stale = new Set(states.filter((s) => s.snapshot && s.lastError && s.lastError !== s.snapshot.truncated).map((s) => s.connector.id));
      this.built = new CatalogueIndex(snapshots, stale, this.changes, this.options);
    }
    return this.built;
  }
}
