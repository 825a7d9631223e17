import { z } from 'zod';
import { CONNECTOR_ID_PATTERN } from '../../schemas/product';
import type { ProductChange } from './event';
import type { LastUpdate } from './last-update';
import type { ChangeFilter } from './filter';
import type { StateRow } from './product-state';
import type { RowDigest } from './row-digest';

/** Removals a harvest held back: the products it lacked, kept until a complete harvest agrees. */
export interface HeldRemovals {
  productIds: string[];
  /** RFC 3339: the harvest that first lacked them. */
  since: string;
  reason: 'REMOVAL_RATIO';
}

/** A connector's recorded state: a row per product it has had (tombstones included) and the removals held back. */
export interface ConnectorState {
  rows: ReadonlyMap<string, StateRow>;
  held: HeldRemovals | null;
}

/** A connector's rows as digests (RowDigest), and its held removals: what a harvest and a sweep read first. */
export interface ConnectorDigests {
  /** The caller's own map (a recording moves it on in place). */
  digests: Map<string, RowDigest>;
  held: HeldRemovals | null;
}

/** One product's events and its new row, written together or not at all. */
export interface ProductCommit {
  productId: string;
  /** The row version the events were computed from (0: no row): the log writes them only if it still holds it. */
  baseVersion: number;
  /** Versions baseVersion + 1, + 2...; may be empty when only the row changes (the sweep's evaluation day). */
  events: ProductChange[];
  row: StateRow;
}

/** What a harvest, a sweep or a connector's removal writes: one connector's commits. */
export interface CommitBatch {
  connector: string;
  economy: string;
  commits: readonly ProductCommit[];
  /** The removals now held back: undefined leaves them as they are, null clears them. */
  held?: HeldRemovals | null;
}

/** What became of a batch, product by product. */
export interface CommitResult {
  /** The events written, in log order. */
  written: ProductChange[];
  /** Products whose commit was already in the log (another instance wrote the same events, ids alike). */
  duplicates: string[];
  /** Products whose row moved on since it was read (another writer, other events): re-read and detect again. */
  conflicts: string[];
}

/** One event as a reader gets it, with the cursor that resumes right after it. */
export interface ChangeEntry {
  cursor: string;
  change: ProductChange;
}

/** A page of the log, oldest first. */
export interface ChangePage {
  entries: ChangeEntry[];
  /** Resumes after the last entry read, matching or not (equal to `after` when nothing was read). */
  next: string;
  /** True when the log holds more entries past `next`. */
  hasMore: boolean;
  /**
   * Bytes the read holds, its events decoded, where the store can tell (the Redis log: three times the
   * stored text it fetched); what keeps a page read ahead within its bound.
   */
  bytes?: number;
}

/** What to read: after a cursor (none: the oldest retained), at most `limit` matching entries. */
export interface ReadOptions {
  after?: string | null;
  /** 1 to 500. */
  limit: number;
  filter?: ChangeFilter | null;
}

/**
 * The change log's port: one ordered, durable log of product changes per economy (merged in time
 * order for readers), with the per-product state rows change detection compares against beside it.
 * Every call is async and batched, so a store with transactions (a SQLite-backed Durable Object,
 * Redis scripts, a broker with a key-value table beside it) implements it directly.
 *
 * - `append` writes each product's events and row atomically when the row's version is still the
 *   commit's base version; a commit whose first event id is already in the log is a duplicate (two
 *   instances harvested the same change); any other is a conflict.
 * - `read` throws InvalidCursorError for a cursor it never issued and CursorExpiredError for one
 *   that reaches back past what it keeps (retention, or a byte bound met early).
 */
export interface ChangeLog {
  /** How far back cursors reach (CHANGES_RETENTION_SECONDS). */
  readonly retentionSeconds: number;
  append(batch: CommitBatch): Promise<CommitResult>;
  read(options: ReadOptions): Promise<ChangePage>;
  /** The cursor after the newest entry: a reader starting there sees only what comes next. */
  head(): Promise<string>;
  /** The cursor before the oldest retained entry, or null while the log is empty. */
  oldest(): Promise<string | null>;
  /** A connector's rows and held removals, as `append` left them. */
  state(connector: string, economy: string): Promise<ConnectorState>;
  /**
   * Every row of a connector as its digest (`digestOf` of the row `append` wrote, kept beside it),
   * and its held removals: a few dozen bytes a product, read where `state` would read every field.
   * The map is the caller's own (a recording moves it on in place), never a store's.
   */
  digests(connector: string, economy: string): Promise<ConnectorDigests>;
  /** The rows of these products, those the connector has (a harvest's changed products, a sweep's due ones). */
  rows(connector: string, economy: string, productIds: readonly string[]): Promise<ReadonlyMap<string, StateRow>>;
  /** Drops entries older than the retention; appending does it too. */
  trim(): Promise<void>;
  /** The entries retained, over every economy (the /metrics gauge); a store that cannot count cheaply leaves it out. */
  size?(): Promise<number>;
  /**
   * The product's latest UPDATED event as the log recorded it (`lastUpdateOf`: kept beside its row
   * as `append` writes, cleared by a REMOVED, kept past the events' retention), or null: what a
   * product page says "last changed" when this instance did not write it. One key read.
   */
  lastUpdate?(productId: string, economy: string): Promise<LastUpdate | null>;
}

/** The log's defaults, from docs/contract.md's configuration. */
export const CHANGE_LOG_DEFAULTS = {
  /** CHANGES_RETENTION_SECONDS. */
  retentionSeconds: 604_800,
  /** CHANGES_MAX_REMOVAL_RATIO. */
  maxRemovalRatio: 0.2,
  /** CERT_EXPIRY_NOTICE_DAYS. */
  certExpiryNoticeDays: 30,
} as const;

/** Held removals as stored, checked when read back. */
export const HeldRemovalsSchema = z.strictObject({
  productIds: z.array(z.string().max(200)),
  since: z.string().max(40),
  reason: z.literal('REMOVAL_RATIO'),
});

/** Checks a batch names a real economy and connector (they become store keys) and each commit is well formed. */
export function assertBatch(batch: CommitBatch): void {
  if (!/^[A-Z]{2}$/.test(batch.economy)) throw new Error(`not an economy code: ${JSON.stringify(batch.economy)}`);
  if (!CONNECTOR_ID_PATTERN.test(batch.connector)) throw new Error(`not a connector id: ${JSON.stringify(batch.connector)}`);
  for (const commit of batch.commits) {
    if (!commit.productId.startsWith(`${batch.connector}:`)) throw new Error(`${commit.productId} is not a product of ${batch.connector}`);
    assertCommit(commit);
  }
}

/** Checks a commit is well formed (versions follow the base, the row ends at the last): a writer's bug otherwise. */
export function assertCommit(commit: ProductCommit): void {
  commit.events.forEach((e, i) => {
    if (e.productId !== commit.productId || e.version !== commit.baseVersion + i + 1) {
      throw new Error(`commit of ${commit.productId}: event ${e.id} has version ${e.version}, expected ${commit.baseVersion + i + 1}`);
    }
  });
  if (commit.row.version !== commit.baseVersion + commit.events.length || commit.row.productId !== commit.productId) {
    throw new Error(`commit of ${commit.productId}: row version ${commit.row.version} does not follow its events`);
  }
}
