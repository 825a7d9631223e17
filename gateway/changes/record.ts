import { isoDay } from '../compliance/destination';
import { CHANGE_LOG_DEFAULTS, type ChangeLog, type CommitResult, type ConnectorState, type HeldRemovals, type ProductCommit } from './change-log';
import { type DetectInput, type HeldBack, detectChanges, removeConnector } from './detect';
import { DigestList } from './digest-list';
import type { ProductChange } from './event';
import { advancedBy, type PriorState, priorOf } from './prior-state';
import type { StateRow } from './product-state';
import { digestOf } from './row-digest';
import { DEFAULT_MAX_EVALUATIONS, type SweepInput, sweep } from './sweep';

/** The recorded state a recording leaves (`Recorded.after`), for the engine: its one door into gateway/changes is this file and the port. */
export type { PriorState };

/** What a recording wrote, and what it held back. */
export interface Recorded {
  written: ProductChange[];
  heldBack: HeldBack | null;
  /** Products still in conflict after every attempt (another writer kept moving them): the next harvest catches up. */
  conflicts: string[];
  /** A sweep's products left to evaluate by the next sweep (past its `maxEvaluations`). */
  deferred?: number;
  /**
   * The connector's state as this recording left it, when nothing conflicted: a sweep that follows
   * at once starts from it (`recordSweep`'s `from`) instead of reading every digest again.
   */
  after?: PriorState;
}

/** How many times a recording re-reads the state and detects again when another writer got there first. @default 3 */
const ATTEMPTS = 3;

/**
 * Records a finished harvest in the log: reads the connector's digests, detects its changes (whole
 * rows read only for the products whose digest moved) and appends them, FLUSH_COMMITS at a time as
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
  let last: { previous: PriorState; commits: ProductCommit[]; held: HeldRemovals | null; written: DigestList } | undefined;
  const recorded = await retry(
    log,
    input,
    attempts,
    read,
    async (previous, append) => {
      // The digests of the rows written along the way: what the state after the recording needs of
      // them, one per product of a first harvest, held until it ends (compactly: `DigestList`).
      const written = new DigestList();
      const flush = async (commits: ProductCommit[]) => {
        for (const commit of commits) written.push(commit.productId, digestOf(commit.row));
        await append(commits);
      };
      const detection = await detectChanges({ ...input, previous, flush });
      last = { previous, commits: [...detection.commits, ...detection.refreshed], held: detection.held, written };
      return { commits: last.commits, held: detection.held, heldBack: detection.heldBack };
    },
    onWritten,
  );
  if (recorded.conflicts.length === 0 && last) recorded.after = advancedBy(last.previous, last);
  return recorded;
}

/**
 * Records the clock's sweep over one connector (certificates coming to expiry, compliance moved by
 * a passed validUntil): it reads the rows whose digest is due within the notice horizon, and a
 * budget's worth of those whose compliance is not yet recorded, never every row.
 */
export async function recordSweep(
  log: ChangeLog,
  { from, ...input }: Omit<SweepInput, 'rows'> & { from?: PriorState },
  attempts = ATTEMPTS,
): Promise<Recorded> {
  let deferred = 0;
  // The state a recording just left, for the first attempt; read afresh after a conflict.
  let given = from;
  const read = async () => {
    const taken = given;
    given = undefined;
    return taken ?? priorOf(log, input.connector, input.economy);
  };
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
  const due: string[] = [];
  const unrecorded: string[] = [];
  for (const [id, digest] of previous.digests) {
    if (digest.removed) continue;
    if (digest.due !== '' && digest.due <= horizon) due.push(id);
    else if (digest.unrecorded) unrecorded.push(id);
  }
  const taken = unrecorded.slice(0, 2 * maxEvaluations);
  const wanted = [...due, ...taken];
  return { rows: wanted.length ? await previous.rows(wanted) : new Map(), unread: unrecorded.length - taken.length };
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
