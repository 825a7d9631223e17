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

/** A page of a connector's row digests (ChangeLog.digestPage). */
export interface DigestPage {
  /** Product id and digest, each product of the connector once across a walk's pages. */
  digests: Array<readonly [string, RowDigest]>;
  /** Resumes the walk (the store's own cursor, opaque to callers); null on the last page. */
  next: string | null;
}

/** Where a page of digests starts, and how large it may be. */
export interface DigestPageOptions {
  /** The `next` of the page before; null or absent for the first. */
  after?: string | null;
  /**
   * Digests a page holds at most; a store may answer fewer, and one that reads whole (Redis) all.
   * @default DIGEST_PAGE_SIZE
   */
  limit?: number;
}

/**
 * Digests a page holds by default: about 600 KB decoded, what a recording holds of them at once on the
 * edge (a page of 10,000 left the live heap inside a recording 1.8 MB higher, for a fifth of the calls).
 */
export const DIGEST_PAGE_SIZE = 2_000;
/** Product ids one `digestsOf` call may name (a detection's batch). */
export const DIGESTS_AT_ONCE = 500;

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
  /** A connector's held removals, as `append` left them (null: none). */
  held(connector: string, economy: string): Promise<HeldRemovals | null>;
  /**
   * The digests (`digestOf` of the row `append` wrote, kept beside it) of these products, those the
   * connector has a row of: a few dozen bytes a product, read where `rows` would read every field.
   * At most DIGESTS_AT_ONCE ids a call (one round trip to the store): what a detection asks of each
   * batch of harvested products, so that no isolate holds a connector's digests whole.
   */
  digestsOf(connector: string, economy: string, productIds: readonly string[]): Promise<ReadonlyMap<string, RowDigest>>;
  /**
   * A page of a connector's digests: walked from `after: null` until `next` is null, it gives each
   * product that had a row when the walk began once (a removal pass, a sweep), a page at a time.
   */
  digestPage(connector: string, economy: string, options?: DigestPageOptions): Promise<DigestPage>;
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

/** Checks a `digestsOf` call names at most DIGESTS_AT_ONCE products (a caller's bug otherwise). */
export function assertDigestLookup(productIds: readonly string[]): void {
  if (productIds.length > DIGESTS_AT_ONCE) throw new RangeError(`digestsOf takes at most ${DIGESTS_AT_ONCE} ids, not ${productIds.length}`);
}

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
