import type { ChangeLog, CommitResult } from './change-log';
import { type DetectInput, type HeldBack, detectChanges, removeConnector } from './detect';
import type { ProductChange } from './event';
import { type SweepInput, sweep } from './sweep';

/** What a recording wrote, and what it held back. */
export interface Recorded {
  written: ProductChange[];
  heldBack: HeldBack | null;
  /** Products still in conflict after every attempt (another writer kept moving them): the next harvest catches up. */
  conflicts: string[];
  /** A sweep's products left to evaluate by the next sweep (past its `maxEvaluations`). */
  deferred?: number;
}

/** How many times a recording re-reads the state and detects again when another writer got there first. @default 3 */
const ATTEMPTS = 3;

/**
 * Records a finished harvest in the log: reads the connector's state, detects its changes and
 * appends them; when another writer moved some products meanwhile, reads and detects again
 * (what it already wrote is then unchanged, or a duplicate). This is the call at a harvest's end.
 */
export async function recordHarvest(log: ChangeLog, input: Omit<DetectInput, 'previous'>, attempts = ATTEMPTS): Promise<Recorded> {
  return retry(log, input, attempts, async (previous) => {
    const detection = await detectChanges({ ...input, previous });
    return { commits: detection.commits, held: detection.held, heldBack: detection.heldBack };
  });
}

/** Records the clock's sweep over one connector (certificates coming to expiry, compliance moved by a passed validUntil). */
export async function recordSweep(log: ChangeLog, input: Omit<SweepInput, 'rows'>, attempts = ATTEMPTS): Promise<Recorded> {
  let deferred = 0;
  const recorded = await retry(log, input, attempts, async (previous) => {
    const swept = await sweep({ ...input, rows: previous.rows });
    deferred = swept.deferred;
    return { commits: swept.commits, heldBack: null };
  });
  return { ...recorded, deferred };
}

/** Records a connector's removal: REMOVED for each of its products, and its held removals cleared. */
export async function recordConnectorRemoval(log: ChangeLog, input: { connector: string; economy: string; now: Date }, attempts = ATTEMPTS): Promise<Recorded> {
  return retry(log, input, attempts, async (previous) => ({ commits: await removeConnector({ ...input, previous }), held: null, heldBack: null }));
}

async function retry(
  log: ChangeLog,
  { connector, economy }: { connector: string; economy: string },
  attempts: number,
  detect: (
    previous: Awaited<ReturnType<ChangeLog['state']>>,
  ) => Promise<Pick<Parameters<ChangeLog['append']>[0], 'commits' | 'held'> & { heldBack: HeldBack | null }>,
): Promise<Recorded> {
  const written: ProductChange[] = [];
  let result: CommitResult = { written: [], duplicates: [], conflicts: [] };
  let heldBack: HeldBack | null = null;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const detection = await detect(await log.state(connector, economy));
    heldBack = detection.heldBack;
    result = await log.append({ connector, economy, commits: detection.commits, ...(detection.held !== undefined && { held: detection.held }) });
    written.push(...result.written);
    if (result.conflicts.length === 0) break;
  }
  return { written, heldBack, conflicts: result.conflicts };
}
