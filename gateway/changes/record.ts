import { isoDay } from '../compliance/destination';
import { CHANGE_LOG_DEFAULTS, type ChangeLog, type CommitResult, type ConnectorState, type ProductCommit } from './change-log';
import { type DetectInput, type HeldBack, detectChanges, removeConnector } from './detect';
import type { ProductChange } from './event';
import { type PriorState, priorOf } from './prior-state';
import type { StateRow } from './product-state';
import { DEFAULT_MAX_EVALUATIONS, type SweepInput, sweep } from './sweep';

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
 * Records a finished harvest in the log: detects its changes against the connector's recorded
 * digests, asked a batch of products at a time and then walked a page at a time for the removals
 * (whole rows read only for the products whose digest moved), and appends them, FLUSH_COMMITS at a time as
 * detection makes them (a connector's first harvest is never held whole as rows), its removals and
 * held removals last; when another writer moved some products meanwhile, reads and detects again
 * (what it already wrote is then unchanged, or a duplicate). This is the call at a harvest's end.
 */
export async function recordHarvest(
  log: ChangeLog,
  {
    onWritten,
    ...input
  }: Omit<DetectInput, 'previous'> & {
    /**
     * Told the events of each append as it is made; they are then not kept for `Recorded.written`
     * (which stays empty), so that a connector's first harvest never holds an event per product.
     */
    onWritten?: (written: readonly ProductChange[]) => void;
  },
  attempts = ATTEMPTS,
): Promise<Recorded> {
  const read = () => priorOf(log, input.connector, input.economy);
  return retry(
    log,
    input,
    attempts,
    read,
    async (previous, append) => {
      const detection = await detectChanges({ ...input, previous, flush: append });
      return { commits: [...detection.commits, ...detection.refreshed], held: detection.held, heldBack: detection.heldBack };
    },
    onWritten,
  );
}

/**
 * Records the clock's sweep over one connector (certificates coming to expiry, compliance moved by
 * a passed validUntil): it walks the connector's digests a page at a time and reads the rows whose
 * digest is due within the notice horizon, and a budget's worth of those whose compliance is not
 * yet recorded, never every row.
 */
export async function recordSweep(log: ChangeLog, input: Omit<SweepInput, 'rows'>, attempts = ATTEMPTS): Promise<Recorded> {
  let deferred = 0;
  const read = () => priorOf(log, input.connector, input.economy);
  const recorded = await retry(log, input, attempts, read, async (previous) => {
    const { rows, unread } = await sweepRows(previous, input);
    const swept = await sweep({ ...input, rows });
    deferred = swept.deferred + unread;
    return { commits: swept.commits, heldBack: null };
  });
  return { ...recorded, deferred };
}

/** Records a connector's removal: REMOVED for each of its products, and its held removals cleared. */
export async function recordConnectorRemoval(log: ChangeLog, input: { connector: string; economy: string; now: Date }, attempts = ATTEMPTS): Promise<Recorded> {
  const read = () => log.state(input.connector, input.economy);
  return retry(log, input, attempts, read, async (previous: ConnectorState) => ({
    commits: await removeConnector({ ...input, previous }),
    held: null,
    heldBack: null,
  }));
}

/**
 * The rows a sweep needs: those due (a validUntil within the notice horizon, or passed since the
 * last evaluation) and, of those with no recorded compliance, twice the evaluation budget (some are
 * skipped: the catalogue holds a newer copy). `unread`: unrecorded ones left for a later sweep.
 */
async function sweepRows(
  previous: PriorState,
  input: Pick<SweepInput, 'now' | 'noticeDays' | 'maxEvaluations'>,
): Promise<{ rows: ReadonlyMap<string, StateRow>; unread: number }> {
  const { now, noticeDays = CHANGE_LOG_DEFAULTS.certExpiryNoticeDays, maxEvaluations = DEFAULT_MAX_EVALUATIONS } = input;
  const horizon = isoDay(new Date(now.getTime() + noticeDays * 86_400_000));
  // Of the digests, a page at a time, only the ids wanted are kept, and a count of the unrecorded rest.
  const due: string[] = [];
  const taken: string[] = [];
  let unread = 0;
  for await (const page of previous.digestPages()) {
    for (const [id, digest] of page) {
      if (digest.removed) continue;
      if (digest.due !== '' && digest.due <= horizon) due.push(id);
      else if (digest.unrecorded && taken.length < 2 * maxEvaluations) taken.push(id);
      else if (digest.unrecorded) unread++;
    }
  }
  const wanted = [...due, ...taken];
  return { rows: wanted.length ? await previous.rows(wanted) : new Map(), unread };
}

/**
 * Reads the state, detects, appends what detection answers (and what it appended along the way,
 * through `append`), and again while some products conflicted, at most `attempts` times. The events
 * written go to `onWritten` as each append makes them when it is given, else into `written`.
 */
async function retry<P>(
  log: ChangeLog,
  { connector, economy }: { connector: string; economy: string },
  attempts: number,
  read: () => Promise<P>,
  detect: (
    previous: P,
    append: (commits: ProductCommit[]) => Promise<void>,
  ) => Promise<Pick<Parameters<ChangeLog['append']>[0], 'commits' | 'held'> & { heldBack: HeldBack | null }>,
  onWritten?: (written: readonly ProductChange[]) => void,
): Promise<Recorded> {
  const written: ProductChange[] = [];
  let conflicts: string[] = [];
  let heldBack: HeldBack | null = null;
  const took = (result: CommitResult) => {
    if (onWritten) {
      if (result.written.length) onWritten(result.written);
    } else for (const event of result.written) written.push(event);
    for (const id of result.conflicts) conflicts.push(id);
  };
  for (let attempt = 0; attempt < attempts; attempt++) {
    conflicts = [];
    const detection = await detect(await read(), async (commits) => took(await log.append({ connector, economy, commits })));
    heldBack = detection.heldBack;
    took(await log.append({ connector, economy, commits: detection.commits, ...(detection.held !== undefined && { held: detection.held }) }));
    if (conflicts.length === 0) break;
  }
  return { written, heldBack, conflicts };
}
