import { servedProducts } from './snapshot';
import type { ConnectorState } from './connector-table';

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

/**
 * A connector's status as the API shows it: DOWN with nothing to serve, DEGRADED when it serves a
 * snapshot but its last harvest failed, stopped short or accepted no record (never silently UP
 * with nothing), UP otherwise.
 */
export function viewOf(state: ConnectorState): ConnectorView {
  const { connector, snapshot } = state;
  const loading = !snapshot && !state.lastError && state.started;
  const empty = snapshot !== undefined && servedProducts(snapshot) === 0;
  return {
    id: connector.id,
    economy: connector.economy,
    programme: connector.programme,
    name: connector.name,
    builtin: connector.builtin,
    status: !snapshot ? 'DOWN' : state.lastError || empty ? 'DEGRADED' : 'UP',
    productCount: snapshot ? servedProducts(snapshot) : 0,
    quarantined: snapshot ? snapshot.records - servedProducts(snapshot) : 0,
    lastRefresh: state.lastRefresh ?? null,
    lastError:
      state.lastError ??
      (empty ? `the last harvest accepted none of the ${snapshot.records} records it read` : loading ? 'first harvest still in progress' : null),
  };
}

/**
 * Each connector's last harvest time as Server-Timing entries, recomputed only when the version of
 * what the connectors serve moved (a header written on every response must cost nothing).
 */
export class HarvestTimings {
  private at = -1;
  private entries = '';

  /** The entries at `version`, from `states` only when the version moved (it is asked on every answer). */
  of(states: () => readonly ConnectorState[], version: number): string {
    if (this.at !== version) {
      this.at = version;
      this.entries = states()
        .filter((s) => s.lastHarvestMs !== undefined)
        .map((s) => `${s.connector.id};desc="last harvest";dur=${s.lastHarvestMs!.toFixed(1)}`)
        .join(', ');
    }
    return this.entries;
  }
}
