import type { ChangeLog, ConnectorState, HeldRemovals, ProductCommit } from './change-log';
import type { StateRow } from './product-state';
import { digestOf, type RowDigest } from './row-digest';

/** What detection and the sweep read of a connector's recorded state: every digest first, whole rows on demand. */
export interface PriorState {
  /** Read for this state alone: a recording moves it on in place (advancedBy). */
  digests: Map<string, RowDigest>;
  held: HeldRemovals | null;
  /** The rows of these products (those it has). */
  rows(productIds: readonly string[]): Promise<ReadonlyMap<string, StateRow>>;
}

/** Rows asked of a store at once. */
const ROWS_AT_ONCE = 500;

/** The connector's state in the log: its digests now, its rows when asked (never one instance's snapshot). */
export async function priorOf(log: ChangeLog, connector: string, economy: string): Promise<PriorState> {
  const { digests, held } = await log.digests(connector, economy);
  return {
    digests,
    held,
    async rows(productIds) {
      const rows = new Map<string, StateRow>();
      for (let i = 0; i < productIds.length; i += ROWS_AT_ONCE) {
        for (const [id, row] of await log.rows(connector, economy, productIds.slice(i, i + ROWS_AT_ONCE))) rows.set(id, row);
      }
      return rows;
    },
  };
}

/**
 * The state after `commits` (and `written`, the digests of rows written before them) were all
 * written (or found written) on `previous`: its digests moved to the commits' rows (in place: `previous` is the recording's own, read for it and let go after),
 * its held removals replaced; rows are still read from the log.
 */
export function advancedBy(
  previous: PriorState,
  { commits, held, written = [] }: { commits: readonly ProductCommit[]; held: HeldRemovals | null; written?: Iterable<readonly [string, RowDigest]> },
): PriorState {
  const { digests } = previous;
  // Commits written before the last (a detection's flushes), by their rows' digests alone.
  for (const [id, digest] of written) digests.set(id, digest);
  for (const commit of commits) digests.set(commit.productId, digestOf(commit.row));
  return { digests, held, rows: previous.rows };
}

/** A state already read whole (ChangeLog.state) as a PriorState. */
export function priorOfState(state: ConnectorState): PriorState {
  return {
    digests: new Map([...state.rows].map(([id, row]) => [id, digestOf(row)])),
    held: state.held,
    async rows(productIds) {
      const rows = new Map<string, StateRow>();
      for (const id of productIds) {
        const row = state.rows.get(id);
        if (row) rows.set(id, row);
      }
      return rows;
    },
  };
}
