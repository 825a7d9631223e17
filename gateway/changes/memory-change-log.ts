import {
  assertBatch,
  assertDigestLookup,
  CHANGE_LOG_DEFAULTS,
  type ChangeLog,
  type CommitBatch,
  type CommitResult,
  type ConnectorState,
  DIGEST_PAGE_SIZE,
  type HeldRemovals,
} from './change-log';
import { compareIds, decodeCursor, encodeCursor, ORIGIN_ID, type StreamId } from './cursor';
import { utf8Length } from './digest';
import { ChangeStateFullError } from './errors';
import { decodeLastUpdate, type LastUpdate, lastUpdateAfter } from './last-update';
import type { ProductChange } from './event';
import { encodeChange } from './event-codec';
import { economiesOf } from './filter';
import { encodeRow, type StateRow } from './product-state';
import { digestOf, type RowDigest } from './row-digest';
import { checkPosition, fetchSize, mergePage, type StreamView } from './stream-merge';

export interface MemoryChangeLogOptions {
  /** How far back cursors reach. @default 604800 (CHANGES_RETENTION_SECONDS) */
  retentionSeconds?: number;
  /**
   * The events' bytes in all. At the bound the oldest events go first, before their retention is
   * up: cursors before them then expire early (CursorExpiredError), and writing never stops.
   * @default 67108864 (64 MiB)
   */
  maxEventBytes?: number;
  /**
   * The state rows' bytes in all (they hold what the catalogue has, so they cannot be dropped):
   * an append that would pass it throws ChangeStateFullError and records nothing more.
   * @default 268435456 (256 MiB)
   */
  maxStateBytes?: number;
  /** Milliseconds since the epoch. @default Date.now */
  clock?: () => number;
  /** The most digests one `digestPage` answers, whatever its `limit`. @default DIGEST_PAGE_SIZE */
  digestPageSize?: number;
}

interface Entry {
  id: StreamId;
  ms: number;
  /** The event's id (its key in `ids`). */
  eventId: string;
  /** The event as stored text, parsed when read: what the byte bound counts is what is held. */
  text: string;
  bytes: number;
}

interface Stream {
  entries: Entry[];
  /** Entries before this index are gone. */
  start: number;
  trimmed: StreamId | null;
  last: StreamId;
}

interface Connector {
  rows: Map<string, { text: string; version: number; digest: RowDigest }>;
  /** Product ids in the order their rows were first written (rows are never deleted): what digest pages walk. */
  order: string[];
  held: HeldRemovals | null;
}

/**
 * The change log in memory, the embedded default: a stream per economy with Redis-like ids, the
 * rows beside it, bounded by time and by bytes. It does not survive a restart; a cursor from
 * before one is refused (it names positions the new log never wrote).
 */
export function createMemoryChangeLog(options: MemoryChangeLogOptions = {}): ChangeLog {
  const { retentionSeconds = CHANGE_LOG_DEFAULTS.retentionSeconds, clock = Date.now } = options;
  const { maxEventBytes = 64 * 1024 * 1024, maxStateBytes = 256 * 1024 * 1024, digestPageSize = DIGEST_PAGE_SIZE } = options;
  const streams = new Map<string, Stream>();
  const connectors = new Map<string, Connector>();
  const ids = new Set<string>();
  /** Each product's last update (lastUpdateOf) by economy and product, as stored text; its bytes count with the rows'. */
  const lastUpdates = new Map<string, string>();
  /** Keeps or clears a product's last update; answers the change in bytes. */
  const noteLastUpdate = (economy: string, productId: string, update: LastUpdate | null | undefined): number => {
    if (update === undefined) return 0;
    const key = `${economy}/${productId}`;
    const before = lastUpdates.get(key);
    const text = update && JSON.stringify(update);
    if (text) lastUpdates.set(key, text);
    else lastUpdates.delete(key);
    return (text ? utf8Length(text) : 0) - (before ? utf8Length(before) : 0);
  };
  let eventBytes = 0;
  let stateBytes = 0;

  const stream = (economy: string) => {
    let s = streams.get(economy);
    if (!s) streams.set(economy, (s = { entries: [], start: 0, trimmed: null, last: ORIGIN_ID }));
    return s;
  };
  const live = (s: Stream) => s.entries.length - s.start;

  const drop = (s: Stream) => {
    const entry = s.entries[s.start]!;
    s.entries[s.start++] = undefined as unknown as Entry;
    s.trimmed = entry.id;
    ids.delete(entry.eventId);
    eventBytes -= entry.bytes;
    if (s.start > 1024 && s.start * 2 > s.entries.length) (s.entries = s.entries.slice(s.start)), (s.start = 0);
  };

  const trim = () => {
    const cutoff = clock() - retentionSeconds * 1000;
    for (const s of streams.values()) while (live(s) && s.entries[s.start]!.ms < cutoff) drop(s);
    while (eventBytes > maxEventBytes) {
      let oldest: Stream | undefined;
      for (const s of streams.values()) if (live(s) && (!oldest || compareIds(s.entries[s.start]!.id, oldest.entries[oldest.start]!.id) < 0)) oldest = s;
      if (!oldest) break;
      drop(oldest);
    }
  };

  const add = (economy: string, change: ProductChange) => {
    const s = stream(economy);
    const [lastMs, lastSeq] = s.last.split('-').map(Number) as [number, number];
    const now = clock();
    const id = now > lastMs ? `${now}-0` : `${lastMs}-${lastSeq + 1}`;
    const text = encodeChange(change);
    s.entries.push({ id, ms: Math.max(now, lastMs), eventId: change.id, text, bytes: utf8Length(text) + 64 });
    s.last = id;
    ids.add(change.id);
    eventBytes += utf8Length(text) + 64;
  };

  return {
    retentionSeconds,

    async append(batch: CommitBatch): Promise<CommitResult> {
      assertBatch(batch);
      const key = `${batch.economy}/${batch.connector}`;
      let connector = connectors.get(key);
      if (!connector) connectors.set(key, (connector = { rows: new Map(), order: [], held: null }));
      const result: CommitResult = { written: [], duplicates: [], conflicts: [] };
      for (const commit of batch.commits) {
        const current = connector.rows.get(commit.productId);
        if ((current?.version ?? 0) !== commit.baseVersion) {
          const first = commit.events[0];
          (first && ids.has(first.id) ? result.duplicates : result.conflicts).push(commit.productId);
          continue;
        }
        const text = encodeRow(commit.row);
        const delta = utf8Length(text) - (current ? utf8Length(current.text) : 0);
        if (stateBytes + delta > maxStateBytes) throw new ChangeStateFullError(maxStateBytes);
        for (const event of commit.events) add(batch.economy, event), result.written.push(event);
        if (!current) connector.order.push(commit.productId);
        connector.rows.set(commit.productId, { text, version: commit.row.version, digest: digestOf(commit.row) });
        stateBytes += delta + noteLastUpdate(batch.economy, commit.productId, lastUpdateAfter(commit.events));
      }
      if (batch.held !== undefined) connector.held = batch.held && structuredClone(batch.held);
      trim();
      return result;
    },

    async read({ after, limit, filter }) {
      trim();
      const positions = after ? decodeCursor(after) : await oldestPositions();
      const wanted = economiesOf(filter);
      for (const [economy, position] of positions) if (!streams.has(economy)) checkPosition({ economy, trimmed: null, last: ORIGIN_ID }, position);
      const views: StreamView[] = [];
      for (const [economy, s] of streams) {
        if (wanted && !wanted.includes(economy)) continue;
        const position = positions.get(economy);
        checkPosition({ economy, trimmed: s.trimmed, last: s.last }, position);
        const from = firstAfter(s, position ?? ORIGIN_ID);
        const size = fetchSize(limit, !!filter);
        const entries = s.entries.slice(from, from + size).map((e) => ({ id: e.id, change: JSON.parse(e.text) as ProductChange }));
        views.push({ economy, trimmed: s.trimmed, last: s.last, entries, complete: from + size >= s.entries.length });
      }
      return mergePage(positions, views, limit, filter);
    },

    async head() {
      return encodeCursor(new Map([...streams].map(([economy, s]) => [economy, s.last])));
    },

    async oldest() {
      trim();
      if (![...streams.values()].some((s) => live(s) > 0)) return null;
      return encodeCursor(await oldestPositions());
    },

    async state(connectorId, economy) {
      const connector = connectors.get(`${economy}/${connectorId}`);
      const rows = new Map<string, StateRow>();
      for (const [id, { text }] of connector?.rows ?? []) rows.set(id, JSON.parse(text));
      return { rows, held: connector?.held ? structuredClone(connector.held) : null } satisfies ConnectorState;
    },

    async held(connectorId, economy) {
      const held = connectors.get(`${economy}/${connectorId}`)?.held;
      return held ? structuredClone(held) : null;
    },

    async digestsOf(connectorId, economy, productIds) {
      assertDigestLookup(productIds);
      const connector = connectors.get(`${economy}/${connectorId}`);
      const digests = new Map<string, RowDigest>();
      for (const id of productIds) {
        const stored = connector?.rows.get(id);
        if (stored) digests.set(id, { ...stored.digest });
      }
      return digests;
    },

    async digestPage(connectorId, economy, { after = null, limit = DIGEST_PAGE_SIZE } = {}) {
      // The cursor is a place in the order rows were first written: later rows come after it.
      const from = after === null ? 0 : Number(after);
      if (!Number.isSafeInteger(from) || from < 0 || (after !== null && after !== String(from)))
        throw new Error(`not a digest page cursor: ${JSON.stringify(after)}`);
      if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a digest page takes at least one digest, not ${limit}`);
      const connector = connectors.get(`${economy}/${connectorId}`);
      const order = connector?.order ?? [];
      const to = Math.min(order.length, from + Math.min(limit, digestPageSize));
      const digests: Array<readonly [string, RowDigest]> = [];
      for (let i = from; i < to; i++) digests.push([order[i]!, { ...connector!.rows.get(order[i]!)!.digest }]);
      return { digests, next: to < order.length ? String(to) : null };
    },

    async rows(connectorId, economy, productIds) {
      const connector = connectors.get(`${economy}/${connectorId}`);
      const rows = new Map<string, StateRow>();
      for (const id of productIds) {
        const stored = connector?.rows.get(id);
        if (stored) rows.set(id, JSON.parse(stored.text));
      }
      return rows;
    },

    async trim() {
      trim();
    },

    async lastUpdate(productId, economy) {
      return decodeLastUpdate(lastUpdates.get(`${economy}/${productId}`));
    },

    async size() {
      let n = 0;
      for (const s of streams.values()) n += live(s);
      return n;
    },
  };

  async function oldestPositions(): Promise<Map<string, StreamId>> {
    return new Map([...streams].map(([economy, s]) => [economy, s.trimmed ?? ORIGIN_ID]));
  }
}

/** The index of the first live entry after `position` (binary search: ids only grow). */
function firstAfter(s: Stream, position: StreamId): number {
  let lo = s.start;
  let hi = s.entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareIds(s.entries[mid]!.id, position) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
