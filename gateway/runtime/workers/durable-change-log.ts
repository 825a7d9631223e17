import {
  assertBatch,
  assertDigestLookup,
  CHANGE_LOG_DEFAULTS,
  type ChangeLog,
  type CommitBatch,
  type CommitResult,
  DIGEST_PAGE_SIZE,
  type HeldRemovals,
  HeldRemovalsSchema,
  type ProductCommit,
} from '../../changes/change-log';
import { decodeCursor } from '../../changes/cursor';
import { utf8Length } from '../../changes/digest';
import { ChangeStateFullError, CursorExpiredError } from '../../changes/errors';
import { decodeLastUpdate } from '../../changes/last-update';
import { decodeRow, type StateRow } from '../../changes/product-state';
import { decodeDigest, type RowDigest } from '../../changes/row-digest';
import type { ChangeLogStub, LogBounds } from './change-log-object';

/** The part of a Durable Object namespace binding (wrangler.toml's CHANGES) this adapter uses. */
export interface ChangeLogNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): ChangeLogStub;
}

export interface DurableChangeLogOptions {
  /** The binding of the ChangeLogObject class. */
  namespace: ChangeLogNamespace;
  /** The object holding the log: every gateway naming it shares one log. @default 'changes' */
  name?: string;
  /** How far back cursors reach. @default 604800 (CHANGES_RETENTION_SECONDS) */
  retentionSeconds?: number;
  /**
   * The events' bytes in all (an object's SQLite database holds up to 10 GB). At the bound the
   * oldest events go first, before their retention is up, and cursors before them expire early.
   * @default 2147483648 (2 GiB)
   */
  maxEventBytes?: number;
  /** The state rows' bytes in all: an append that would pass it throws ChangeStateFullError. @default 4294967296 (4 GiB) */
  maxStateBytes?: number;
  /** Milliseconds since the epoch: entry ids and retention follow the gateway's clock. @default Date.now */
  clock?: () => number;
}

/** The port, and the count of entries retained (the object keeps it as it writes and trims, so it is cheap). */
export type DurableChangeLog = ChangeLog & { size(): Promise<number> };

/** The most bytes of commits one call to the object carries (RPC messages are bounded, and so is the object's memory). */
const MAX_CALL_BYTES = 4 * 1024 * 1024;

/**
 * The change log on Cloudflare Workers: the ChangeLog port over JS RPC to one SQLite-backed
 * Durable Object (`ChangeLogObject`), which holds every economy's stream, the rows and the held
 * removals, and appends each call in one transaction. A batch larger than MAX_CALL_BYTES goes in
 * several calls, each atomic per product (as the port asks), the held removals with the last.
 * Errors cross RPC without their class, so the object reports an expired cursor as data and this
 * side throws CursorExpiredError; cursors are checked here before they are sent.
 */
export function createDurableChangeLog(options: DurableChangeLogOptions): DurableChangeLog {
  const { namespace, name = 'changes', retentionSeconds = CHANGE_LOG_DEFAULTS.retentionSeconds, clock = Date.now } = options;
  const { maxEventBytes = 2 * 1024 ** 3, maxStateBytes = 4 * 1024 ** 3 } = options;
  // A stub per call: stubs are cheap, and the gateway (built once per isolate) then holds none across requests.
  const stub = () => namespace.get(namespace.idFromName(name));
  const bounds = (): LogBounds => ({ now: Math.floor(clock()), retentionSeconds, maxEventBytes, maxStateBytes });

  return {
    retentionSeconds,

    async append(batch: CommitBatch): Promise<CommitResult> {
      assertBatch(batch);
      const result: CommitResult = { written: [], duplicates: [], conflicts: [] };
      const chunks = chunksOf(batch.commits);
      for (const [i, commits] of chunks.entries()) {
        const last = i === chunks.length - 1;
        const call: CommitBatch = {
          connector: batch.connector,
          economy: batch.economy,
          commits,
          ...(last && batch.held !== undefined && { held: batch.held }),
        };
        const { statuses, full } = await stub().append(call, bounds());
        commits.forEach((commit, c) => {
          if (statuses[c] === 'written') result.written.push(...commit.events);
          else if (statuses[c] === 'duplicate') result.duplicates.push(commit.productId);
          else if (statuses[c] === 'conflict') result.conflicts.push(commit.productId);
        });
        if (full) throw new ChangeStateFullError(maxStateBytes);
      }
      return result;
    },

    async read(options) {
      if (options.after) decodeCursor(options.after);
      const outcome = await stub().read({ after: options.after ?? null, limit: options.limit, filter: options.filter ?? null }, bounds());
      if ('expired' in outcome) throw new CursorExpiredError(outcome.expired);
      return outcome.page;
    },

    head: () => stub().head(),

    oldest: () => stub().oldest(bounds()),

    async state(connector, economy) {
      const rows = new Map<string, StateRow>();
      let held: HeldRemovals | null = null;
      let after: string | null = null;
      do {
        const page = await stub().statePage(connector, economy, after);
        if (after === null && page.held) held = HeldRemovalsSchema.parse(JSON.parse(page.held)) as HeldRemovals;
        for (const text of page.rows) {
          const row = decodeRow(text);
          if (!row.productId.startsWith(`${connector}:`)) throw new Error(`a stored state row of ${connector} names ${row.productId}`);
          rows.set(row.productId, row);
        }
        after = page.next;
      } while (after !== null);
      return { rows, held };
    },

    async held(connector, economy) {
      const held = await stub().held(connector, economy);
      return held ? (HeldRemovalsSchema.parse(JSON.parse(held)) as HeldRemovals) : null;
    },

    async digestsOf(connector, economy, productIds) {
      assertDigestLookup(productIds);
      const digests = new Map<string, RowDigest>();
      const asked = new Set(productIds);
      for (let rest = productIds; rest.length > 0; ) {
        const page = await stub().digestsOf(connector, economy, rest);
        if (page.served < 1) throw new Error('the change log object looked up no digest');
        for (const [id, text] of page.digests) {
          if (!asked.has(id)) throw new Error(`a stored row digest of ${connector} names ${id}, which was not asked for`);
          digests.set(id, decodeDigest(text));
        }
        rest = rest.slice(page.served);
      }
      return digests;
    },

    async digestPage(connector, economy, { after = null, limit = DIGEST_PAGE_SIZE } = {}) {
      const page = await stub().digestPage(connector, economy, after, limit);
      const digests: Array<readonly [string, RowDigest]> = [];
      for (const [id, text] of page.digests) {
        if (!id.startsWith(`${connector}:`)) throw new Error(`a stored row digest of ${connector} names ${id}`);
        digests.push([id, decodeDigest(text)]);
      }
      return { digests, next: page.next };
    },

    async rows(connector, economy, productIds) {
      const rows = new Map<string, StateRow>();
      for (let rest = productIds; rest.length > 0; ) {
        const page = await stub().rowsOf(connector, economy, rest);
        if (page.served < 1) throw new Error('the change log object served no row');
        for (const text of page.rows) {
          const row = decodeRow(text);
          if (!row.productId.startsWith(`${connector}:`)) throw new Error(`a stored state row of ${connector} names ${row.productId}`);
          rows.set(row.productId, row);
        }
        rest = rest.slice(page.served);
      }
      return rows;
    },

    trim: () => stub().trim(bounds()),

    size: () => stub().size(),

    lastUpdate: async (productId, economy) => decodeLastUpdate(await stub().lastUpdate(productId, economy)),
  };
}

/** Commits in runs of at most MAX_CALL_BYTES (a larger commit alone); always at least one run, maybe empty. */
function chunksOf(commits: readonly ProductCommit[]): ProductCommit[][] {
  const chunks: ProductCommit[][] = [[]];
  let bytes = 0;
  for (const commit of commits) {
    const size = utf8Length(JSON.stringify(commit));
    if (bytes + size > MAX_CALL_BYTES && chunks.at(-1)!.length > 0) chunks.push([]), (bytes = 0);
    chunks.at(-1)!.push(commit);
    bytes += size;
  }
  return chunks;
}
