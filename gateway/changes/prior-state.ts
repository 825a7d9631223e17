import { assertDigestLookup, type ChangeLog, type ConnectorState, type HeldRemovals } from './change-log';
import { digestPages } from './digest-pages';
import type { StateRow } from './product-state';
import { digestOf, type RowDigest } from './row-digest';

/**
 * What detection and the sweep read of a connector's recorded state, a piece at a time: the
 * digests of a batch of products, every digest a page at a time, whole rows on demand. Nothing
 * here holds the connector's digests whole (issue 30: a Worker's isolate has 128 MB).
 */
export interface PriorState {
  /** The removals held back, as read when the state was. */
  held: HeldRemovals | null;
  /** The digests of these products (at most DIGESTS_AT_ONCE), those it has: one call to the log. */
  digestsOf(productIds: readonly string[]): Promise<ReadonlyMap<string, RowDigest>>;
  /** Every digest, a page at a time, each product once (read afresh each time it is iterated). */
  digestPages(): AsyncIterable<ReadonlyArray<readonly [string, RowDigest]>>;
  /** The rows of these products (those it has). */
  rows(productIds: readonly string[]): Promise<ReadonlyMap<string, StateRow>>;
}

/** Rows asked of a store at once. */
const ROWS_AT_ONCE = 500;

/** The connector's state in the log: its held removals now, its digests and rows when asked (never one instance's snapshot). */
export async function priorOf(log: ChangeLog, connector: string, economy: string): Promise<PriorState> {
  return {
    held: await log.held(connector, economy),
    digestsOf: (productIds) => log.digestsOf(connector, economy, productIds),
    digestPages: () => digestPages(log, connector, economy),
    async rows(productIds) {
      const rows = new Map<string, StateRow>();
      for (let i = 0; i < productIds.length; i += ROWS_AT_ONCE) {
        for (const [id, row] of await log.rows(connector, economy, productIds.slice(i, i + ROWS_AT_ONCE))) rows.set(id, row);
      }
      return rows;
    },
  };
}

/** A state already read whole (ChangeLog.state) as a PriorState. */
export function priorOfState(state: ConnectorState): PriorState {
  const rowsOf = (productIds: readonly string[]) => {
    const rows = new Map<string, StateRow>();
    for (const id of productIds) {
      const row = state.rows.get(id);
      if (row) rows.set(id, row);
    }
    return rows;
  };
  return {
    held: state.held,
    async digestsOf(productIds) {
      assertDigestLookup(productIds);
      return new Map([...rowsOf(productIds)].map(([id, row]) => [id, digestOf(row)]));
    },
    async *digestPages() {
      yield [...state.rows].map(([id, row]) => [id, digestOf(row)] as const);
    },
    rows: async (productIds) => rowsOf(productIds),
  };
}
