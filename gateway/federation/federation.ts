import type { Connector, Transport } from '../../connectors/core/connector';
import { CatalogueIndex } from './catalogue-index';
import type { Snapshot } from './snapshot';

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
  snapshot?: Snapshot;
  lastRefresh?: string;
  lastError?: string;
  /** The harvest under way, shared by everyone who asks meanwhile (single flight). */
  harvesting?: Promise<void>;
}

export interface FederationOptions {
  connectors: Connector[];
  transport: Transport;
  clock?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/**
 * The catalogue federation: harvests each connector into a snapshot (connectors in parallel, one
 * harvest at a time per connector), keeps the last good snapshot when a refresh fails, and merges
 * the snapshots into the index that answers queries.
 */
export class Federation {
  private readonly states = new Map<string, State>();
  private readonly transport: Transport;
  private readonly clock: () => Date;
  private readonly log: NonNullable<FederationOptions['log']>;
  private built?: CatalogueIndex;
  private version = 0;

  constructor(options: FederationOptions) {
    this.transport = options.transport;
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log ?? (() => {});
    for (const connector of options.connectors) this.states.set(connector.id, { connector });
  }

  /**
   * The index, once every connector has been tried at least once. Connectors whose snapshot is
   * older than their TTL are refreshed in the background: a request never waits for a refresh
   * when a snapshot exists.
   */
  async index(): Promise<CatalogueIndex> {
    const now = this.clock().getTime();
    const first: Promise<void>[] = [];
    for (const state of this.states.values()) {
      if (!state.lastRefresh) first.push(this.harvest(state));
      else if (now - Date.parse(state.lastRefresh) > state.connector.refresh.ttlSeconds * 1000) void this.harvest(state);
    }
    if (first.length) await Promise.all(first);
    return this.current();
  }

  /** Harvests a connector now (joining one under way) and answers its status afterwards. */
  async refresh(id: string): Promise<ConnectorView | undefined> {
    const state = this.states.get(id);
    if (!state) return undefined;
    await (state.harvesting ?? this.harvest(state));
    return this.view(state);
  }

  /** Every connector's status, counts and last error. */
  connectors(): ConnectorView[] {
    return [...this.states.values()].map((s) => this.view(s));
  }

  /** The connectors that have no snapshot to serve. */
  unavailable(): ConnectorView[] {
    return this.connectors().filter((c) => c.status === 'DOWN');
  }

  private current(): CatalogueIndex {
    if (!this.built || this.built.version !== this.version) {
      const states = [...this.states.values()];
      const snapshots = states.flatMap((s) => (s.snapshot ? [s.snapshot] : []));
      const stale = new Set(states.filter((s) => s.snapshot && s.lastError).map((s) => s.connector.id));
      this.built = new CatalogueIndex(snapshots, stale, this.version);
    }
    return this.built;
  }

  private harvest(state: State): Promise<void> {
    state.harvesting ??= this.run(state).finally(() => (state.harvesting = undefined));
    return state.harvesting;
  }

  private async run(state: State): Promise<void> {
    const { connector } = state;
    const started = this.clock().toISOString();
    try {
      const harvest = await connector.harvest({ transport: this.transport });
      state.snapshot = {
        connector: connector.id,
        products: harvest.products,
        quarantined: harvest.quarantined,
        records: harvest.records,
        fetchedAt: started,
      };
      state.lastError = undefined;
      this.log('info', 'harvested', {
        connector: connector.id, products: harvest.products.length, quarantined: harvest.quarantined.length, pages: harvest.pages,
      });
    } catch (error) {
      state.lastError = (error as Error).message;
      this.log(state.snapshot ? 'warn' : 'error', 'harvest failed', { connector: connector.id, error: state.lastError });
    }
    state.lastRefresh = started;
    this.version++;
  }

  private view(state: State): ConnectorView {
    const { connector, snapshot } = state;
    return {
      id: connector.id,
      economy: connector.economy,
      programme: connector.programme,
      name: connector.name,
      builtin: connector.builtin,
      status: !snapshot ? 'DOWN' : state.lastError ? 'DEGRADED' : 'UP',
      productCount: snapshot?.products.length ?? 0,
      quarantined: snapshot ? snapshot.records - snapshot.products.length : 0,
      lastRefresh: state.lastRefresh ?? null,
      lastError: state.lastError ?? null,
    };
  }
}
