import type { Cluster, Redis } from 'ioredis';
import { ECONOMIES } from '../../../schemas/economies';
import {
  assertBatch,
  assertDigestLookup,
  CHANGE_LOG_DEFAULTS,
  type ChangeLog,
  type ChangePage,
  type CommitBatch,
  type CommitResult,
  type HeldRemovals,
  HeldRemovalsSchema,
  type ReadOptions,
} from '../../changes/change-log';
import { decodeCursor, encodeCursor, ORIGIN_ID, type StreamId } from '../../changes/cursor';
import type { ProductChange } from '../../changes/event';
import { decodeChange, encodeChange } from '../../changes/event-codec';
import { economiesOf } from '../../changes/filter';
import { decodeLastUpdate, lastUpdateAfter } from '../../changes/last-update';
import { decodeRow, encodeRow, type StateRow } from '../../changes/product-state';
import { decodeDigest, digestOf, encodeDigest, type RowDigest } from '../../changes/row-digest';
import { checkPosition, fetchSize, mergePage, type StreamView } from '../../changes/stream-merge';

export interface RedisChangeLogOptions {
  /** A connected ioredis client (one server, Sentinel or Cluster). */
  redis: Redis | Cluster;
  /** Put before every key, inside the hash tag. @default 'ovop:' */
  prefix?: string;
  /** How far back cursors reach: entries older are trimmed (XADD ... MINID). @default 604800 (CHANGES_RETENTION_SECONDS) */
  retentionSeconds?: number;
  /**
   * The entries one economy's stream keeps at most (each at most MAX_EVENT_BYTES, most under a
   * kilobyte): past it the oldest go first, before their retention is up, and cursors before them
   * expire early. Writing never stops. @default 1000000
   */
  maxEntriesPerEconomy?: number;
  /**
   * Reads a page with one script that merges every economy's stream inside Redis (only what the
   * page keeps crosses the network): one server's keys only, so not on a cluster, whose economies
   * live in other slots and are read stream by stream. @default true unless the client is a Cluster
   */
  mergeInRedis?: boolean;
  /** Milliseconds since the epoch: entry ids and retention follow the gateway's clock, not Redis's. @default Date.now */
  clock?: () => number;
}

/**
 * Appends one connector's commits atomically: for each product, its events and row are written
 * only if the row still holds the commit's base version; a commit whose first event id is already
 * known is a duplicate; anything else a conflict. Entry ids follow the caller's clock and never go
 * back. Then trims by time (MINID) and by count, remembering the newest entry dropped so that a
 * cursor before it is refused. Every key shares the economy's hash tag: one slot on a cluster.
 *
 * KEYS: stream, ids (zset event id → ms), rows (hash product → "version|row"), held (hash), meta (hash),
 *       last (hash product → its last update's JSON), digests (hash product → encodeDigest of the row,
 *       written with it)
 * ARGV: now, minId, maxEntries, connector, heldMode (keep|set|clear), heldJson, commits,
 *       then per commit: productId, base, events, row, lastUpdate ('' leaves it, '-' clears it, else
 *       the JSON), digest, then per event: id, json
 */
const APPEND = `
local now = tonumber(ARGV[1])
local last = redis.call('HGET', KEYS[5], 'last') or '0-0'
local lms, lseq = string.match(last, '^(%d+)-(%d+)$')
lms = tonumber(lms); lseq = tonumber(lseq)
local wrote = false
local statuses = {}
local i = 8
for c = 1, tonumber(ARGV[7]) do
  local pid, base, n, row, lastUpdate, digest = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2]), ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  i = i + 6
  local current = redis.call('HGET', KEYS[3], pid)
  local version = 0
  if current then version = tonumber(string.match(current, '^(%d+)|')) end
  if version == base then
    for e = 0, n - 1 do
      if now > lms then lms = now; lseq = 0 else lseq = lseq + 1 end
      local id = string.format('%d-%d', lms, lseq)
      redis.call('XADD', KEYS[1], id, 'i', ARGV[i + 2 * e], 'e', ARGV[i + 2 * e + 1])
      redis.call('ZADD', KEYS[2], lms, ARGV[i + 2 * e])
      wrote = true
    end
    redis.call('HSET', KEYS[3], pid, row)
    if lastUpdate == '-' then redis.call('HDEL', KEYS[6], pid) elseif lastUpdate ~= '' then redis.call('HSET', KEYS[6], pid, lastUpdate) end
    redis.call('HSET', KEYS[7], pid, digest)
    statuses[c] = 1
  elseif n > 0 and redis.call('ZSCORE', KEYS[2], ARGV[i]) then
    statuses[c] = 2
  else
    statuses[c] = 3
  end
  i = i + 2 * n
end
if wrote then redis.call('HSET', KEYS[5], 'last', string.format('%d-%d', lms, lseq)) end
if ARGV[5] == 'set' then redis.call('HSET', KEYS[4], ARGV[4], ARGV[6]) elseif ARGV[5] == 'clear' then redis.call('HDEL', KEYS[4], ARGV[4]) end
local dropped = redis.call('XREVRANGE', KEYS[1], '(' .. ARGV[2] .. '-0', '-', 'COUNT', 1)
if #dropped > 0 then
  redis.call('HSET', KEYS[5], 'trimmed', dropped[1][1])
  redis.call('XTRIM', KEYS[1], 'MINID', ARGV[2])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[2])
end
local over = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[3])
if over > 0 then
  local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', over)
  for _, entry in ipairs(oldest) do
    redis.call('XDEL', KEYS[1], entry[1])
    redis.call('ZREM', KEYS[2], entry[2][2])
  end
  redis.call('HSET', KEYS[5], 'trimmed', oldest[#oldest][1])
end
return statuses`;

/** One economy's stream after a position, with its bounds, read at once. KEYS: stream, meta. ARGV: after, count. */
const READ = `
local meta = redis.call('HMGET', KEYS[2], 'last', 'trimmed')
return { meta[1] or '0-0', meta[2] or '', redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2]) }`;

/**
 * Every economy's stream after its position, merged in time order inside Redis, at once: one
 * server's keys only (not a cluster's, whose economies live in other slots). Reads each stream a
 * chunk at a time as the merge reaches its end (at most `count` from each), merges them (ties by
 * economy, in the order the keys come: sorted) and returns the first `count`, so a page crosses the
 * network once, with what it keeps.
 * KEYS: stream, meta per economy. ARGV: count, then each economy's position.
 * Returns: last, trimmed per economy; 1 when some stream may hold more than was returned, else 0;
 * then economy number (1-based), entry id, event per entry merged.
 */
const READ_MERGED = `
local n = #KEYS / 2
local count = tonumber(ARGV[1])
local CHUNK = 64
local out = {}
local lists, heads, ms, seq, fetched, done = {}, {}, {}, {}, {}, {}
-- The next entries of stream e after an id, a chunk at a time, at most count in all.
local function fill(e, after)
  local want = math.min(CHUNK, count - fetched[e])
  if want <= 0 then lists[e] = {} else lists[e] = redis.call('XRANGE', KEYS[2 * e - 1], '(' .. after, '+', 'COUNT', want) end
  heads[e] = 1
  fetched[e] = fetched[e] + #lists[e]
  if #lists[e] < want then done[e] = true end
end
local function parse(e)
  local entry = lists[e][heads[e]]
  if entry then
    local a, b = string.match(entry[1], '^(%d+)-(%d+)$')
    ms[e] = tonumber(a); seq[e] = tonumber(b)
  else
    ms[e] = nil
  end
end
for e = 1, n do
  local meta = redis.call('HMGET', KEYS[2 * e], 'last', 'trimmed')
  out[#out + 1] = meta[1] or '0-0'
  out[#out + 1] = meta[2] or ''
  fetched[e] = 0
  done[e] = false
  fill(e, ARGV[1 + e])
  parse(e)
end
local moreAt = #out + 1
out[moreAt] = 0
local picked = 0
local stopped = false
while picked < count and not stopped do
  local best = nil
  for e = 1, n do
    if ms[e] and (best == nil or ms[e] < ms[best] or (ms[e] == ms[best] and seq[e] < seq[best])) then best = e end
  end
  if best == nil then break end
  local entry = lists[best][heads[best]]
  local fields, event = entry[2], nil
  for f = 1, #fields, 2 do if fields[f] == 'e' then event = fields[f + 1] end end
  out[#out + 1] = best
  out[#out + 1] = entry[1]
  out[#out + 1] = event or ''
  picked = picked + 1
  heads[best] = heads[best] + 1
  if heads[best] > #lists[best] and not done[best] then
    -- Order past a stream's last fetched entry is unknown until more of it is read: read it, or stop there.
    if fetched[best] < count then fill(best, entry[1]) else stopped = true end
  end
  parse(best)
end
for e = 1, n do
  if heads[e] <= #lists[e] or not done[e] then out[moreAt] = 1 end
end
return out`;

type Client = Redis | Cluster;
/** A hash's fields and values as one flat list: HGETALL without the client turning 80,000 strings into an object. */
const HASH_PAIRS = "return redis.call('HGETALL', KEYS[1])";

type Scripts = {
  ovopHashPairs(key: string): Promise<string[]>;
  ovopChangesAppend(...args: (string | number)[]): Promise<number[]>;
  ovopChangesRead(...args: (string | number)[]): Promise<[string, string, [string, string[]][]]>;
  ovopChangesReadMerged(...args: (string | number)[]): Promise<(string | number)[]>;
};

const ECONOMY_CODES = [...ECONOMIES.keys()];

/** Commits one call of the append script carries at most. */
const COMMITS_PER_CALL = 512;

/**
 * The change log on Redis Streams, for Node at scale: a stream per economy (`{ovop:changes:JP}`,
 * the braces a hash tag, so a cluster spreads economies over its nodes while each economy's keys
 * share a slot), appended and deduplicated in one Lua script, trimmed by time (MINID) and count,
 * read with XRANGE and merged across economies in time order. Rows, their digests and held removals live beside
 * each stream under the same tag. Everything read back is checked by its schema.
 */
export function createRedisChangeLog(options: RedisChangeLogOptions): ChangeLog {
  const {
    redis,
    prefix = 'ovop:',
    retentionSeconds = CHANGE_LOG_DEFAULTS.retentionSeconds,
    maxEntriesPerEconomy = 1_000_000,
    clock = Date.now,
    mergeInRedis = !redis.isCluster,
  } = options;
  const client = redis as Client & Partial<Scripts>;
  if (!client.ovopHashPairs) client.defineCommand('ovopHashPairs', { numberOfKeys: 1, lua: HASH_PAIRS });
  if (!client.ovopChangesAppend) client.defineCommand('ovopChangesAppend', { numberOfKeys: 7, lua: APPEND });
  if (!client.ovopChangesRead) client.defineCommand('ovopChangesRead', { numberOfKeys: 2, lua: READ });
  // The number of keys comes first in each call: one pair per economy read.
  if (!client.ovopChangesReadMerged) client.defineCommand('ovopChangesReadMerged', { lua: READ_MERGED });
  const scripts = client as Client & Scripts;
  const tag = (economy: string) => `{${prefix}changes:${economy}}`;
  const keys = (economy: string) => {
    const stream = tag(economy);
    return {
      stream,
      ids: `${stream}:ids`,
      held: `${stream}:held`,
      meta: `${stream}:meta`,
      last: `${stream}:last`,
      rows: (connector: string) => `${stream}:rows:${connector}`,
      digests: (connector: string) => `${stream}:digests:${connector}`,
    };
  };

  async function view(economy: string, position: StreamId, count: number): Promise<StreamView> {
    const k = keys(economy);
    const [last, trimmed, raw] = await scripts.ovopChangesRead(k.stream, k.meta, position, count);
    const bounds = { economy, last, trimmed: trimmed || null };
    checkPosition(bounds, position);
    const entries = raw.map(([id, fields]) => lazyEntry(id, fieldOf(fields, 'e')));
    return { ...bounds, entries, complete: entries.length < count };
  }

  /**
   * A page read with one script on one server: the streams merged in Redis, only what the merge
   * keeps sent back, then matched and paged here (mergePage, over views that hold exactly those).
   */
  async function readMerged(
    positions: ReadonlyMap<string, StreamId>,
    economies: readonly string[],
    count: number,
    limit: number,
    filter: ReadOptions['filter'],
  ) {
    const keyList = economies.flatMap((economy) => [keys(economy).stream, keys(economy).meta]);
    const reply = await scripts.ovopChangesReadMerged(keyList.length, ...keyList, count, ...economies.map((e) => positions.get(e) ?? ORIGIN_ID));
    const views: StreamView[] = economies.map((economy, i) => {
      const bounds = { economy, last: String(reply[2 * i]), trimmed: String(reply[2 * i + 1]) || null };
      checkPosition(bounds, positions.get(economy) ?? ORIGIN_ID);
      // Complete as far as the merge goes: it returned a prefix of the merged order, so no view may stop it early.
      return { ...bounds, entries: [], complete: true };
    });
    const more = reply[2 * economies.length] === 1;
    for (let i = 2 * economies.length + 1; i + 2 < reply.length; i += 3) {
      views[Number(reply[i]) - 1]!.entries.push(lazyEntry(String(reply[i + 1]), String(reply[i + 2])));
    }
    const page = mergePage(positions, views, limit, filter);
    return withBytes({ ...page, hasMore: page.hasMore || more }, views);
  }

  async function metas(): Promise<{ economy: string; last: string | null; trimmed: string | null; length: number }[]> {
    return Promise.all(
      ECONOMY_CODES.map(async (economy) => {
        const k = keys(economy);
        const [[last, trimmed], length] = await Promise.all([redis.hmget(k.meta, 'last', 'trimmed'), redis.xlen(k.stream)]);
        return { economy, last: last ?? null, trimmed: trimmed ?? null, length };
      }),
    );
  }

  /** One call of the append script: `commits`, and the held removals when `held` is not undefined. */
  const appendCall = (batch: CommitBatch, commits: CommitBatch['commits'], held: CommitBatch['held']): Promise<number[]> => {
    const k = keys(batch.economy);
    const now = Math.floor(clock());
    const heldMode = held === undefined ? 'keep' : held === null ? 'clear' : 'set';
    const args: (string | number)[] = [k.stream, k.ids, k.rows(batch.connector), k.held, k.meta, k.last, k.digests(batch.connector)];
    args.push(
      String(now),
      String(Math.max(0, now - retentionSeconds * 1000)),
      maxEntriesPerEconomy,
      batch.connector,
      heldMode,
      held ? JSON.stringify(held) : '',
    );
    args.push(commits.length);
    for (const commit of commits) {
      const lastUpdate = lastUpdateAfter(commit.events);
      const lastArg = lastUpdate === undefined ? '' : lastUpdate === null ? '-' : JSON.stringify(lastUpdate);
      args.push(
        commit.productId,
        commit.baseVersion,
        commit.events.length,
        `${commit.row.version}|${encodeRow(commit.row)}`,
        lastArg,
        encodeDigest(digestOf(commit.row)),
      );
      for (const event of commit.events) args.push(event.id, encodeChange(event));
    }
    return scripts.ovopChangesAppend(...args);
  };

  return {
    retentionSeconds,

    async append(batch: CommitBatch): Promise<CommitResult> {
      assertBatch(batch);
      const result: CommitResult = { written: [], duplicates: [], conflicts: [] };
      // A connector's first harvest commits every product at once: sent in calls of a bounded size,
      // so that no script holds Redis for long and no call spreads more arguments than a stack holds
      // (a harvest of 41,000 products in one call overflowed it). Held removals go with the last.
      for (let from = 0; from === 0 || from < batch.commits.length; from += COMMITS_PER_CALL) {
        const commits = batch.commits.slice(from, from + COMMITS_PER_CALL);
        const last = from + COMMITS_PER_CALL >= batch.commits.length;
        const statuses = await appendCall(batch, commits, last ? batch.held : undefined);
        commits.forEach((commit, i) => {
          if (statuses[i] === 1) for (const event of commit.events) result.written.push(event);
          else if (statuses[i] === 2) result.duplicates.push(commit.productId);
          else result.conflicts.push(commit.productId);
        });
      }
      return result;
    },

    async read({ after, limit, filter }) {
      const positions = after ? decodeCursor(after) : new Map((await metas()).map((m) => [m.economy, m.trimmed ?? ORIGIN_ID]));
      const wanted = economiesOf(filter) ?? ECONOMY_CODES;
      for (const [economy, position] of positions) {
        if (!ECONOMIES.has(economy)) checkPosition({ economy, trimmed: null, last: ORIGIN_ID }, position);
      }
      const economies = wanted.filter((e) => ECONOMIES.has(e)).sort();
      const full = fetchSize(limit, !!filter);
      if (mergeInRedis) return readMerged(positions, economies, full, limit, filter);
      // A little from every economy first, more only from those the merge ran through: a page of
      // `limit` is seldom spread evenly, and fetching `limit` from each read most entries for nothing.
      const sizes = economies.map(() => Math.min(full, Math.max(16, Math.ceil((2 * full) / economies.length))));
      let views = await Promise.all(economies.map((e, i) => view(e, positions.get(e) ?? ORIGIN_ID, sizes[i]!)));
      for (;;) {
        const page = withBytes(mergePage(positions, views, limit, filter), views);
        if (page.entries.length >= limit) return page;
        // The merge stops where an economy's fetched entries end while it has more: fetch more of those.
        const reached = decodeCursor(page.next);
        const short = views.flatMap((v, i) =>
          !v.complete && sizes[i]! < full && v.entries.length > 0 && reached.get(v.economy) === v.entries.at(-1)!.id ? [i] : [],
        );
        if (short.length === 0) return page;
        for (const i of short) sizes[i] = Math.min(full, sizes[i]! * 4);
        const more = await Promise.all(short.map((i) => view(economies[i]!, positions.get(economies[i]!) ?? ORIGIN_ID, sizes[i]!)));
        views = views.map((v, i) => (short.includes(i) ? more[short.indexOf(i)]! : v));
      }
    },

    async head() {
      return encodeCursor(new Map((await metas()).flatMap((m) => (m.last ? [[m.economy, m.last] as const] : []))));
    },

    async oldest() {
      const all = await metas();
      if (!all.some((m) => m.length > 0)) return null;
      return encodeCursor(new Map(all.filter((m) => m.last).map((m) => [m.economy, m.trimmed ?? ORIGIN_ID])));
    },

    async state(connector, economy) {
      const k = keys(economy);
      const [stored, held] = await Promise.all([redis.hgetall(k.rows(connector)), redis.hget(k.held, connector)]);
      const rows = new Map<string, StateRow>();
      for (const [id, text] of Object.entries(stored)) {
        const row = rowOf(text);
        if (row.productId !== id) throw new Error(`the stored state row of ${id} does not match its key`);
        rows.set(id, row);
      }
      return { rows, held: heldOf(held) };
    },

    async held(connector, economy) {
      return heldOf(await redis.hget(keys(economy).held, connector));
    },

    async digestsOf(connector, economy, productIds) {
      assertDigestLookup(productIds);
      const k = keys(economy);
      const digests = new Map<string, RowDigest>();
      if (productIds.length === 0) return digests;
      const texts = await redis.hmget(k.digests(connector), ...productIds);
      const missing = productIds.filter((_, i) => texts[i] === null);
      texts.forEach((text, i) => {
        if (text !== null) digests.set(productIds[i]!, decodeDigest(text));
      });
      if (missing.length > 0) {
        // Rows written before digests were kept beside them: their digests made now (HSETNX leaves any an append wrote meanwhile).
        const rows = await this.rows(connector, economy, missing);
        if (rows.size > 0) {
          const pipeline = redis.pipeline();
          for (const [id, row] of rows) {
            const digest = digestOf(row);
            digests.set(id, digest);
            pipeline.hsetnx(k.digests(connector), id, encodeDigest(digest));
          }
          await pipeline.exec();
        }
      }
      return digests;
    },

    // Read whole, in one page: a Node instance has the memory (the edge's log pages them).
    async digestPage(connector, economy, { after = null } = {}) {
      if (after !== null) throw new Error(`not a digest page cursor: ${JSON.stringify(after)}`);
      const k = keys(economy);
      let [pairs, rows] = await Promise.all([scripts.ovopHashPairs(k.digests(connector)), redis.hlen(k.rows(connector))]);
      if (pairs.length / 2 < rows) {
        // Rows written before digests were kept beside them: their digests are made once (HSETNX
        // leaves any an append wrote meanwhile), then read with the rest.
        const stored = new Set(pairs.filter((_, i) => i % 2 === 0));
        const { rows: all } = await this.state(connector, economy);
        const missing = [...all.values()].filter((row) => !stored.has(row.productId));
        for (let i = 0; i < missing.length; i += 500) {
          const pipeline = redis.pipeline();
          for (const row of missing.slice(i, i + 500)) pipeline.hsetnx(k.digests(connector), row.productId, encodeDigest(digestOf(row)));
          await pipeline.exec();
        }
        pairs = await scripts.ovopHashPairs(k.digests(connector));
      }
      const digests: Array<readonly [string, RowDigest]> = [];
      for (let i = 0; i + 1 < pairs.length; i += 2) digests.push([pairs[i]!, decodeDigest(pairs[i + 1]!)]);
      return { digests, next: null };
    },

    async rows(connector, economy, productIds) {
      const rows = new Map<string, StateRow>();
      if (productIds.length === 0) return rows;
      const texts = await redis.hmget(keys(economy).rows(connector), ...productIds);
      texts.forEach((text, i) => {
        if (text === null) return;
        const row = rowOf(text);
        if (row.productId !== productIds[i]) throw new Error(`the stored state row of ${productIds[i]} does not match its key`);
        rows.set(row.productId, row);
      });
      return rows;
    },

    async trim() {
      // An empty append trims: it runs the same script, with nothing to write.
      await Promise.all(ECONOMY_CODES.map((economy) => this.append({ connector: 'ovop-trim', economy, commits: [] })));
    },

    async size() {
      return (await metas()).reduce((n, m) => n + m.length, 0);
    },

    async lastUpdate(productId, economy) {
      if (!ECONOMIES.has(economy)) return null;
      return decodeLastUpdate(await redis.hget(keys(economy).last, productId));
    },
  };
}

/** A stored "version|row" back to its row, the two versions agreeing. */
function rowOf(text: string): StateRow {
  const bar = text.indexOf('|');
  const row = decodeRow(text.slice(bar + 1));
  if (String(row.version) !== text.slice(0, bar)) throw new Error(`the stored state row of ${row.productId} does not match its version`);
  return row;
}

function heldOf(text: string | null): HeldRemovals | null {
  return text ? (HeldRemovalsSchema.parse(JSON.parse(text)) as HeldRemovals) : null;
}

/** A field's value in an XRANGE entry's flat [name, value, ...] list. */
function fieldOf(fields: string[], name: string): string {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1]!;
  throw new Error(`a stream entry without its "${name}" field`);
}

/** An entry as fetched: its id, the length of its stored text, and its event decoded when first read. */
interface FetchedEntry {
  id: StreamId;
  textLength: number;
  readonly change: ProductChange;
}

/** A page with the bytes it holds (ChangePage.bytes): a decoded event takes about three times its stored text, counted for every entry fetched. */
function withBytes(page: ChangePage, views: readonly StreamView[]): ChangePage {
  let length = 0;
  for (const view of views) for (const entry of view.entries) length += (entry as FetchedEntry).textLength;
  return { ...page, bytes: 3 * length };
}

/**
 * A fetched entry whose event is decoded when first read: an unfiltered page takes `limit` entries
 * from every economy's stream and the merge keeps `limit` of them all, so most are never read.
 */
function lazyEntry(id: StreamId, text: string): FetchedEntry {
  let change: ProductChange | undefined;
  return {
    id,
    textLength: text.length,
    get change() {
      change ??= decodeChange(text);
      return change;
    },
  };
}
