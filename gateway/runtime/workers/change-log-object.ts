import { DurableObject, type DurableObjectState, type SqlStorage } from 'cloudflare:workers';
import { assertBatch, type ChangePage, type CommitBatch, type ReadOptions } from '../../changes/change-log';
import { decodeCursor, encodeCursor, ORIGIN_ID, type StreamId } from '../../changes/cursor';
import { utf8Length } from '../../changes/digest';
import { CursorExpiredError } from '../../changes/errors';
import { decodeChange, encodeChange } from '../../changes/event-codec';
import { economiesOf } from '../../changes/filter';
import { type LastUpdate, lastUpdateAfter } from '../../changes/last-update';
import { decodeRow, encodeRow } from '../../changes/product-state';
import { digestOf, encodeDigest } from '../../changes/row-digest';
import { checkPosition, fetchSize, mergePage, type StreamView } from '../../changes/stream-merge';

/** What every call that may trim carries: the gateway's clock (ids follow it, as on Redis) and the log's bounds. */
export interface LogBounds {
  /** Milliseconds since the epoch, a whole number. */
  now: number;
  retentionSeconds: number;
  /** The events' bytes in all: past it the oldest go first and their cursors expire early. */
  maxEventBytes: number;
  /** The state rows' bytes in all: an append that would pass it records nothing more. */
  maxStateBytes: number;
}

/** What became of each commit of a call, in order; `skipped` once the state rows met their bound. */
export type CommitStatus = 'written' | 'duplicate' | 'conflict' | 'skipped';

export interface AppendOutcome {
  statuses: CommitStatus[];
  /** True when the state rows met maxStateBytes: the commits from there on were not recorded. */
  full: boolean;
}

/** A page, or the economy a cursor reached back past (errors lose their class over RPC, so it is told as data). */
export type ReadOutcome = { page: ChangePage } | { expired: string };

/** One page of a connector's rows (encoded, as stored), its held removals on the first page. */
export interface StatePage {
  rows: string[];
  held: string | null;
  /** The product id to continue after, or null on the last page. */
  next: string | null;
}

/** One page of a connector's row digests (product id, encoded digest). */
export interface DigestPage {
  digests: [string, string][];
  /** The product id to continue after, or null on the last page. */
  next: string | null;
}

/** The encoded digests (product id, digest) of the first `served` products asked for, those it has. */
export interface DigestsOf {
  digests: [string, string][];
  served: number;
}

/** The encoded rows of the first `served` products asked for (those it has), bounded in bytes. */
export interface RowsPage {
  rows: string[];
  served: number;
}

/** The Durable Object's RPC surface, as a stub sees it (every method async). */
export interface ChangeLogStub {
  append(batch: CommitBatch, bounds: LogBounds): Promise<AppendOutcome>;
  read(options: ReadOptions, bounds: LogBounds): Promise<ReadOutcome>;
  head(): Promise<string>;
  oldest(bounds: LogBounds): Promise<string | null>;
  statePage(connector: string, economy: string, after: string | null): Promise<StatePage>;
  digestPage(connector: string, economy: string, after: string | null, limit?: number): Promise<DigestPage>;
  digestsOf(connector: string, economy: string, productIds: readonly string[]): Promise<DigestsOf>;
  held(connector: string, economy: string): Promise<string | null>;
  rowsOf(connector: string, economy: string, productIds: readonly string[]): Promise<RowsPage>;
  trim(bounds: LogBounds): Promise<void>;
  size(): Promise<number>;
  lastUpdate(productId: string, economy: string): Promise<string | null>;
}

/**
 * Terms one compound SELECT may have in workerd's SQLite (built with SQLITE_MAX_COMPOUND_SELECT 5;
 * SQLite's own default is 500): a read across more economies than this is several statements.
 */
const MAX_COMPOUND_TERMS = 5;
/** Bytes counted for an event beyond its JSON: its keys and index entries. */
const ENTRY_OVERHEAD = 64;
/** The most event bytes one read takes from storage (at least one event): the object's isolate has 128 MB. */
const READ_BUDGET_BYTES = 8 * 1024 * 1024;
/** The most row bytes, and rows, one state page carries. */
const STATE_PAGE_BYTES = 4 * 1024 * 1024;
const STATE_PAGE_ROWS = 2000;
/** The most digests one page carries (each under 300 bytes). */
const DIGEST_PAGE_ROWS = 10_000;
/** The most products one digestsOf call looks up (each digest under 300 bytes: 150 KB at most). */
const DIGESTS_PER_CALL = 500;
/** The most products one rowsOf call is asked for. */
const ROWS_PER_CALL = 500;
const ECONOMY = /^[A-Z]{2}$/;

/**
 * One stream per economy in one table, ordered by its `<ms>-<seq>` primary key; event ids indexed
 * for the duplicate check; the rows, their digests (row-digest.ts, written with each row, counted in
 * its bytes) and held removals beside them; byte totals kept as they change,
 * so no bound ever needs the whole table read.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS streams (economy TEXT PRIMARY KEY, last_ms INTEGER NOT NULL, last_seq INTEGER NOT NULL, trimmed TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (economy TEXT NOT NULL, ms INTEGER NOT NULL, seq INTEGER NOT NULL, event_id TEXT NOT NULL, body TEXT NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (economy, ms, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_by_id ON events (event_id);
CREATE INDEX IF NOT EXISTS events_by_time ON events (ms, seq, economy);
CREATE TABLE IF NOT EXISTS rows (economy TEXT NOT NULL, connector TEXT NOT NULL, product_id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (economy, connector, product_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS digests (economy TEXT NOT NULL, connector TEXT NOT NULL, product_id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (economy, connector, product_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS held (economy TEXT NOT NULL, connector TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (economy, connector)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS last_updates (product_id TEXT PRIMARY KEY, economy TEXT NOT NULL, body TEXT NOT NULL, bytes INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS totals (one INTEGER PRIMARY KEY CHECK (one = 1), event_bytes INTEGER NOT NULL, state_bytes INTEGER NOT NULL, event_count INTEGER NOT NULL);
INSERT OR IGNORE INTO totals VALUES (1, 0, 0, 0);`;

type Totals = { event_bytes: number; state_bytes: number; event_count: number };

interface StreamBounds {
  last: StreamId;
  trimmed: StreamId | null;
}

/**
 * The change log in a SQLite-backed Durable Object (one object holds every economy's stream, see
 * durable-change-log.ts): appends, deduplicates, checks versions and trims in one synchronous
 * transaction, so two gateways appending the same change at once write it once. Reads take pages
 * with SQL LIMIT and a byte budget; the table is never loaded whole.
 */
export class ChangeLogObject extends DurableObject implements ChangeLogStub {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  /** Writes each commit whose row still holds its base version, its events and row together; then trims. */
  async append(batch: CommitBatch, bounds: LogBounds): Promise<AppendOutcome> {
    assertBatch(batch);
    return this.ctx.storage.transactionSync(() => {
      const { economy, connector } = batch;
      const stream = this.streams().get(economy);
      let [lastMs, lastSeq] = split(stream?.last ?? ORIGIN_ID);
      let { event_bytes: eventBytes, state_bytes: stateBytes, event_count: eventCount } = this.totals();
      const statuses: CommitStatus[] = [];
      let full = false;
      let wrote = false;
      for (const commit of batch.commits) {
        if (full) {
          statuses.push('skipped');
          continue;
        }
        const current = this.sql
          .exec<{ version: number; bytes: number }>(
            'SELECT version, bytes FROM rows WHERE economy = ? AND connector = ? AND product_id = ?',
            economy,
            connector,
            commit.productId,
          )
          .toArray()[0];
        if ((current?.version ?? 0) !== commit.baseVersion) {
          const first = commit.events[0];
          const known = !!first && this.sql.exec('SELECT 1 AS known FROM events WHERE event_id = ? LIMIT 1', first.id).toArray().length > 0;
          statuses.push(known ? 'duplicate' : 'conflict');
          continue;
        }
        const row = encodeRow(commit.row);
        const digest = encodeDigest(digestOf(commit.row));
        const rowBytes = utf8Length(row) + digest.length;
        const delta = rowBytes - (current?.bytes ?? 0);
        if (stateBytes + delta > bounds.maxStateBytes) {
          full = true;
          statuses.push('skipped');
          continue;
        }
        for (const event of commit.events) {
          if (bounds.now > lastMs) (lastMs = bounds.now), (lastSeq = 0);
          else lastSeq++;
          const body = encodeChange(event);
          const bytes = utf8Length(body) + ENTRY_OVERHEAD;
          this.sql.exec('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)', economy, lastMs, lastSeq, event.id, body, bytes);
          eventBytes += bytes;
          eventCount++;
          wrote = true;
        }
        this.sql.exec(
          `INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (economy, connector, product_id)
           DO UPDATE SET version = excluded.version, body = excluded.body, bytes = excluded.bytes`,
          economy,
          connector,
          commit.productId,
          commit.row.version,
          row,
          rowBytes,
        );
        this.sql.exec(
          'INSERT INTO digests VALUES (?, ?, ?, ?) ON CONFLICT (economy, connector, product_id) DO UPDATE SET body = excluded.body',
          economy,
          connector,
          commit.productId,
          digest,
        );
        stateBytes += delta + this.noteLastUpdate(economy, commit.productId, lastUpdateAfter(commit.events));
        statuses.push('written');
      }
      if (wrote) {
        this.sql.exec(
          'INSERT INTO streams VALUES (?, ?, ?, NULL) ON CONFLICT (economy) DO UPDATE SET last_ms = excluded.last_ms, last_seq = excluded.last_seq',
          economy,
          lastMs,
          lastSeq,
        );
      }
      if (!full && batch.held === null) this.sql.exec('DELETE FROM held WHERE economy = ? AND connector = ?', economy, connector);
      else if (!full && batch.held) this.sql.exec('INSERT OR REPLACE INTO held VALUES (?, ?, ?)', economy, connector, JSON.stringify(batch.held));
      this.sql.exec('UPDATE totals SET event_bytes = ?, state_bytes = ?, event_count = ?', eventBytes, stateBytes, eventCount);
      this.trimNow(bounds);
      return { statuses, full };
    });
  }

  /** A page after a cursor, merged across economies in time order (after trimming, so expiry follows the clock). */
  async read({ after, limit, filter }: ReadOptions, bounds: LogBounds): Promise<ReadOutcome> {
    // The limit is written into the statement: a whole number in the port's range, or nothing is read.
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new RangeError(`a change log read takes 1 to 500 entries, not ${limit}`);
    return this.ctx.storage.transactionSync(() => {
      this.trimNow(bounds);
      const streams = this.streams();
      const positions = after ? decodeCursor(after) : new Map([...streams].map(([economy, s]) => [economy, s.trimmed ?? ORIGIN_ID]));
      try {
        for (const [economy, position] of positions) if (!streams.has(economy)) checkPosition({ economy, trimmed: null, last: ORIGIN_ID }, position);
        const wanted = economiesOf(filter);
        const economies = [...streams.keys()].filter((economy) => !wanted || wanted.includes(economy));
        for (const economy of economies) checkPosition({ economy, ...streams.get(economy)! }, positions.get(economy));
        const size = fetchSize(limit, !!filter);
        const { views, truncated } = this.entriesAfter(economies, positions, size, streams);
        const page = mergePage(positions, views, limit, filter);
        return { page: truncated ? { ...page, hasMore: true } : page };
      } catch (error) {
        if (error instanceof CursorExpiredError) return { expired: error.economy };
        throw error;
      }
    });
  }

  /** The cursor after every stream's newest entry. */
  async head(): Promise<string> {
    return encodeCursor(new Map([...this.streams()].map(([economy, s]) => [economy, s.last])));
  }

  /** The cursor before the oldest retained entry, or null while no entry is retained. */
  async oldest(bounds: LogBounds): Promise<string | null> {
    return this.ctx.storage.transactionSync(() => {
      this.trimNow(bounds);
      if (this.sql.exec('SELECT 1 AS any FROM events LIMIT 1').toArray().length === 0) return null;
      return encodeCursor(new Map([...this.streams()].map(([economy, s]) => [economy, s.trimmed ?? ORIGIN_ID])));
    });
  }

  /** A page of a connector's rows after a product id, in id order, bounded in bytes; its held removals too. */
  async statePage(connector: string, economy: string, after: string | null): Promise<StatePage> {
    const rows: string[] = [];
    let budget = STATE_PAGE_BYTES;
    let next: string | null = null;
    const cursor = this.sql.exec<{ product_id: string; body: string; bytes: number }>(
      'SELECT product_id, body, bytes FROM rows WHERE economy = ? AND connector = ? AND product_id > ? ORDER BY product_id LIMIT ?',
      economy,
      connector,
      after ?? '',
      STATE_PAGE_ROWS + 1,
    );
    for (const row of cursor) {
      if (rows.length === STATE_PAGE_ROWS || (rows.length > 0 && row.bytes > budget)) break;
      rows.push(row.body);
      budget -= row.bytes;
      next = row.product_id;
    }
    if (rows.length < STATE_PAGE_ROWS && budget > 0 && next !== null) {
      // The loop ran out of rows, not of room: nothing follows.
      const more = this.sql.exec('SELECT 1 AS more FROM rows WHERE economy = ? AND connector = ? AND product_id > ? LIMIT 1', economy, connector, next);
      if (more.toArray().length === 0) next = null;
    }
    const held =
      after === null
        ? (this.sql.exec<{ body: string }>('SELECT body FROM held WHERE economy = ? AND connector = ?', economy, connector).toArray()[0]?.body ?? null)
        : null;
    return { rows, held, next };
  }

  /**
   * A page of a connector's row digests after a product id, in id order, at most `limit` (and
   * DIGEST_PAGE_ROWS); the first makes any digest missing (a log from before they were kept).
   */
  async digestPage(connector: string, economy: string, after: string | null, limit = DIGEST_PAGE_ROWS): Promise<DigestPage> {
    // The limit is bound as a number in the statement: a whole number, or nothing is read.
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a digest page takes at least one digest, not ${limit}`);
    const size = Math.min(limit, DIGEST_PAGE_ROWS);
    if (after === null) this.ctx.storage.transactionSync(() => this.makeMissingDigests(connector, economy));
    const digests = this.sql
      .exec<{ product_id: string; body: string }>(
        'SELECT product_id, body FROM digests WHERE economy = ? AND connector = ? AND product_id > ? ORDER BY product_id LIMIT ?',
        economy,
        connector,
        after ?? '',
        size,
      )
      .toArray()
      .map((d): [string, string] => [d.product_id, d.body]);
    return { digests, next: digests.length === size ? digests.at(-1)![0] : null };
  }

  /** The connector's held removals as stored (JSON), or null. */
  async held(connector: string, economy: string): Promise<string | null> {
    return this.sql.exec<{ body: string }>('SELECT body FROM held WHERE economy = ? AND connector = ?', economy, connector).toArray()[0]?.body ?? null;
  }

  /**
   * The digests of the first DIGESTS_PER_CALL products asked for, those the connector has, each
   * by its primary key: a detection's batch in one call. A row kept from before digests were
   * stored beside rows gets its digest made here, once (as `digestPage` makes a connector's).
   */
  async digestsOf(connector: string, economy: string, productIds: readonly string[]): Promise<DigestsOf> {
    const asked = productIds.slice(0, DIGESTS_PER_CALL);
    const digests: [string, string][] = [];
    const missing: string[] = [];
    for (const id of asked) {
      const digest = this.sql
        .exec<{ body: string }>('SELECT body FROM digests WHERE economy = ? AND connector = ? AND product_id = ?', economy, connector, id)
        .toArray()[0];
      if (digest) digests.push([id, digest.body]);
      else missing.push(id);
    }
    if (missing.length > 0) {
      this.ctx.storage.transactionSync(() => {
        let added = 0;
        for (const id of missing) {
          const row = this.sql
            .exec<{ body: string }>('SELECT body FROM rows WHERE economy = ? AND connector = ? AND product_id = ?', economy, connector, id)
            .toArray()[0];
          if (!row) continue;
          const digest = encodeDigest(digestOf(decodeRow(row.body)));
          this.sql.exec('INSERT INTO digests VALUES (?, ?, ?, ?)', economy, connector, id, digest);
          this.sql.exec('UPDATE rows SET bytes = bytes + ? WHERE economy = ? AND connector = ? AND product_id = ?', digest.length, economy, connector, id);
          digests.push([id, digest]);
          added += digest.length;
        }
        if (added > 0) this.sql.exec('UPDATE totals SET state_bytes = state_bytes + ?', added);
      });
    }
    return { digests, served: asked.length };
  }

  /** Digests for rows written before digests were kept beside them (a log from an earlier version), once. */
  private makeMissingDigests(connector: string, economy: string): void {
    // A few hundred rows at a time: the object's isolate has 128 MB, and a connector may have many.
    for (;;) {
      const missing = this.sql
        .exec<{ product_id: string; body: string }>(
          `SELECT product_id, body FROM rows r WHERE economy = ? AND connector = ? AND NOT EXISTS
           (SELECT 1 FROM digests d WHERE d.economy = r.economy AND d.connector = r.connector AND d.product_id = r.product_id) LIMIT 500`,
          economy,
          connector,
        )
        .toArray();
      if (missing.length === 0) return;
      let added = 0;
      for (const row of missing) {
        const digest = encodeDigest(digestOf(decodeRow(row.body)));
        this.sql.exec('INSERT INTO digests VALUES (?, ?, ?, ?)', economy, connector, row.product_id, digest);
        this.sql.exec(
          'UPDATE rows SET bytes = bytes + ? WHERE economy = ? AND connector = ? AND product_id = ?',
          digest.length,
          economy,
          connector,
          row.product_id,
        );
        added += digest.length;
      }
      this.sql.exec('UPDATE totals SET state_bytes = state_bytes + ?', added);
    }
  }

  /** The rows of the first products asked for, as many as fit STATE_PAGE_BYTES (at least one), at most ROWS_PER_CALL. */
  async rowsOf(connector: string, economy: string, productIds: readonly string[]): Promise<RowsPage> {
    const rows: string[] = [];
    let budget = STATE_PAGE_BYTES;
    let served = 0;
    for (const id of productIds.slice(0, ROWS_PER_CALL)) {
      const row = this.sql
        .exec<{ body: string; bytes: number }>('SELECT body, bytes FROM rows WHERE economy = ? AND connector = ? AND product_id = ?', economy, connector, id)
        .toArray()[0];
      if (row && served > 0 && row.bytes > budget) break;
      if (row) rows.push(row.body), (budget -= row.bytes);
      served++;
    }
    return { rows, served };
  }

  /** Drops entries past the retention and, past the byte bound, the oldest. */
  async trim(bounds: LogBounds): Promise<void> {
    this.ctx.storage.transactionSync(() => this.trimNow(bounds));
  }

  /** The product's last update (ChangeLog.lastUpdate), as stored; null when it has none. */
  async lastUpdate(productId: string, economy: string): Promise<string | null> {
    return this.sql.exec<{ body: string }>('SELECT body FROM last_updates WHERE product_id = ? AND economy = ?', productId, economy).toArray()[0]?.body ?? null;
  }

  /** Keeps or clears a product's last update within the append's transaction; answers the change in bytes (counted with the rows'). */
  private noteLastUpdate(economy: string, productId: string, update: LastUpdate | null | undefined): number {
    if (update === undefined) return 0;
    const before = this.sql.exec<{ bytes: number }>('SELECT bytes FROM last_updates WHERE product_id = ?', productId).toArray()[0]?.bytes ?? 0;
    if (update === null) {
      this.sql.exec('DELETE FROM last_updates WHERE product_id = ?', productId);
      return -before;
    }
    const body = JSON.stringify(update);
    const bytes = utf8Length(body) + productId.length;
    this.sql.exec('INSERT OR REPLACE INTO last_updates VALUES (?, ?, ?, ?)', productId, economy, body, bytes);
    return bytes - before;
  }

  /** The entries retained, over every economy (kept as they change: no count over the table). */
  async size(): Promise<number> {
    return this.totals().event_count;
  }

  private streams(): Map<string, StreamBounds> {
    const streams = new Map<string, StreamBounds>();
    for (const s of this.sql.exec<{ economy: string; last_ms: number; last_seq: number; trimmed: string | null }>('SELECT * FROM streams ORDER BY economy')) {
      streams.set(s.economy, { last: `${s.last_ms}-${s.last_seq}`, trimmed: s.trimmed });
    }
    return streams;
  }

  private totals(): Totals {
    return this.sql.exec<Totals>('SELECT event_bytes, state_bytes, event_count FROM totals').one();
  }

  /**
   * The first `size` entries after the positions across `economies`, in the merge's order (time,
   * then economy), in one statement: each economy's part is a range of its primary key with its own
   * LIMIT, so SQLite reads at most size + 1 entries of each. Stops early at the byte budget
   * (`truncated`: more follow). The economies and positions were checked (/^[A-Z]{2}$/, digits),
   * so they are written into the statement, which keeps it clear of any limit on bindings.
   */
  private entriesAfter(economies: string[], positions: ReadonlyMap<string, StreamId>, size: number, streams: Map<string, StreamBounds>) {
    const views = new Map<string, StreamView>();
    if (economies.length === 0) return { views: [], truncated: false };
    const parts = economies.map((economy) => {
      if (!ECONOMY.test(economy)) throw new Error(`a stored stream is not an economy: ${JSON.stringify(economy)}`);
      const [ms, seq] = split(positions.get(economy) ?? ORIGIN_ID);
      const s = streams.get(economy)!;
      views.set(economy, { economy, trimmed: s.trimmed, last: s.last, entries: [], complete: true });
      return `SELECT * FROM (SELECT economy, ms, seq, body, bytes FROM events WHERE economy = '${economy}' AND (ms, seq) > (${ms}, ${seq}) ORDER BY ms, seq LIMIT ${size + 1})`;
    });
    // workerd's SQLite takes at most MAX_COMPOUND_TERMS terms in one compound SELECT: a statement per
    // group of economies, each in the merge's order, merged as they are read.
    const statements: Array<Iterator<EntryRow>> = [];
    for (let i = 0; i < parts.length; i += MAX_COMPOUND_TERMS) {
      const statement = `${parts.slice(i, i + MAX_COMPOUND_TERMS).join(' UNION ALL ')} ORDER BY ms, seq, economy LIMIT ${size + 1}`;
      statements.push(this.sql.exec<EntryRow>(statement)[Symbol.iterator]());
    }
    let budget = READ_BUDGET_BYTES;
    let taken = 0;
    let truncated = false;
    for (const row of mergedInOrder(statements)) {
      if (taken === size || (taken > 0 && row.bytes > budget)) {
        truncated = true;
        break;
      }
      views.get(row.economy)!.entries.push({ id: `${row.ms}-${row.seq}`, change: decodeChange(row.body) });
      budget -= row.bytes;
      taken++;
    }
    // Every entry before the last one taken, of every economy, was taken: each view is complete up
    // to there, and `truncated` tells the reader more follows.
    return { views: [...views.values()], truncated };
  }

  private trimNow(bounds: LogBounds): void {
    const cutoff = bounds.now - bounds.retentionSeconds * 1000;
    let { event_bytes: eventBytes, event_count: eventCount } = this.totals();
    const before = eventBytes;
    for (const economy of this.streams().keys()) {
      const newest = this.sql
        .exec<{ ms: number; seq: number }>('SELECT ms, seq FROM events WHERE economy = ? AND ms < ? ORDER BY ms DESC, seq DESC LIMIT 1', economy, cutoff)
        .toArray()[0];
      if (!newest) continue;
      const dropped = this.sql
        .exec<{ bytes: number; count: number }>(
          'SELECT coalesce(sum(bytes), 0) AS bytes, count(*) AS count FROM events WHERE economy = ? AND ms < ?',
          economy,
          cutoff,
        )
        .one();
      this.sql.exec('DELETE FROM events WHERE economy = ? AND ms < ?', economy, cutoff);
      this.sql.exec('UPDATE streams SET trimmed = ? WHERE economy = ?', `${newest.ms}-${newest.seq}`, economy);
      eventBytes -= dropped.bytes;
      eventCount -= dropped.count;
    }
    while (eventBytes > bounds.maxEventBytes) {
      const oldest = this.sql
        .exec<{ economy: string; ms: number; seq: number; bytes: number }>('SELECT economy, ms, seq, bytes FROM events ORDER BY ms, seq, economy LIMIT 256')
        .toArray();
      if (oldest.length === 0) break;
      for (const e of oldest) {
        if (eventBytes <= bounds.maxEventBytes) break;
        this.sql.exec('DELETE FROM events WHERE economy = ? AND ms = ? AND seq = ?', e.economy, e.ms, e.seq);
        this.sql.exec('UPDATE streams SET trimmed = ? WHERE economy = ?', `${e.ms}-${e.seq}`, e.economy);
        eventBytes -= e.bytes;
        eventCount--;
      }
    }
    if (eventBytes !== before) this.sql.exec('UPDATE totals SET event_bytes = ?, event_count = ?', eventBytes, eventCount);
  }
}

/** A stream id's millisecond and sequence. */
function split(id: StreamId): [number, number] {
  const [ms, seq] = id.split('-').map(Number) as [number, number];
  return [ms, seq];
}

/** An entry as a read's statement answers it. */
type EntryRow = {
  economy: string;
  ms: number;
  seq: number;
  body: string;
  bytes: number;
};

/** Rows of statements each in (ms, seq, economy) order, as one sequence in that order, each row read when its turn comes. */
function* mergedInOrder(sources: Array<Iterator<EntryRow>>): Generator<EntryRow> {
  const heads = sources.map((source) => source.next());
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (head.done) continue;
      const b = best < 0 ? undefined : (heads[best]!.value as EntryRow);
      const r = head.value;
      if (!b || r.ms < b.ms || (r.ms === b.ms && (r.seq < b.seq || (r.seq === b.seq && r.economy < b.economy)))) best = i;
    }
    if (best < 0) return;
    yield heads[best]!.value as EntryRow;
    heads[best] = sources[best]!.next();
  }
}
