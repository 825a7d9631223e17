/**
 * The gateway's side of a sharded harvest (issue 30), in Node, where its heap can be read:
 * `node --expose-gc --import tsx bench/gateway-harvest-heap.ts`, BENCH_GATEWAY_HEAP_PRODUCTS
 * (default 250000), BENCH_GATEWAY_HEAP_SHARDS (default 10), BENCH_GATEWAY_HEAP_SNAPSHOT=k to write a
 * heap snapshot (bench/results/) when the k-th connector's pages are all sent.
 *
 * The six synthetic economies are harvested at once, as `bench/edge.ts` registers them, by the
 * federation's own code (`Federation.refresh`: the declarative connector, `GtinOwners`,
 * `ShardHarvest`) into shards that keep nothing: a page sent to a shard is serialized as an RPC
 * would be (`v8.serialize`) and dropped, and a shard's `finish` answers its slice's ids rebuilt
 * from the synthetic generator's numbering. So what is measured is what the Worker's isolate holds,
 * not the shards'. Prints the peak of heap used + array buffers (sampled every 20 ms), and what
 * stays after the harvest, with and without `GtinOwners`.
 *
 * BENCH_GATEWAY_HEAP_RECORD=1 records each harvest in a change log as the Worker does
 * (`createDurableChangeLog`), over a Durable Object that keeps nothing: it answers every product as
 * recorded, its digest rebuilt from the generator's numbering (the source digest of its id), and
 * the fake shards' `walk` gives the same digests, so a recording reads no product and writes
 * nothing: a re-harvest that changed nothing, where what the isolate holds of the log's digests
 * shows. Every answer is serialized and read back as an RPC's would be.
 */
import { serialize } from 'node:v8';
import { writeHeapSnapshot } from 'node:v8';
import { createDeclarativeConnector } from '../connectors/declarative';
import { Manifest } from '../schemas/manifest';
import { Federation } from '../gateway/federation/federation';
import { GtinOwners } from '../gateway/federation/gtin-owners';
import { shardOf } from '../gateway/federation/search/scatter-gather';
import { packIds } from '../gateway/federation/shards/packed-ids';
import type { ShardClient } from '../gateway/federation/shards/sharded-catalogue';
import { createDurableChangeLog } from '../gateway/runtime/workers/durable-change-log';
import { encodeDigest, sourceDigest } from '../gateway/changes/row-digest';
import { deserialize } from 'node:v8';
import { freePort, startService } from './lib/processes';
import { generateCatalogue, SYNTHETIC_ECONOMIES, syntheticManifest } from './synthetic/generate';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const PRODUCTS = Number(process.env.BENCH_GATEWAY_HEAP_PRODUCTS ?? 250_000);
const SHARDS = Number(process.env.BENCH_GATEWAY_HEAP_SHARDS ?? 10);
/** Which connector's finish (on shard 0) the heap snapshot is taken at, 1 for the first; 0: none. */
const SNAPSHOT = Number(process.env.BENCH_GATEWAY_HEAP_SNAPSHOT ?? 0);
let finishes = 0;
/** BENCH_GATEWAY_HEAP_LIVE=1: also the live peak, a full collection every 250 ms (it changes the other peak). */
const LIVE = process.env.BENCH_GATEWAY_HEAP_LIVE === '1';
const perEconomy = Math.ceil(PRODUCTS / SYNTHETIC_ECONOMIES.length);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const held = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** BENCH_GATEWAY_HEAP_RECORD=1: each harvest recorded in a change log that keeps nothing (see above). */
const RECORD = process.env.BENCH_GATEWAY_HEAP_RECORD === '1';

/** The synthetic generator's id of a connector's `i`-th product. */
const syntheticId = (connector: string, i: number) => `${connector}:${connector.split('-')[0]!.toUpperCase()}-${String(i).padStart(6, '0')}`;
/** The generator's number of a synthetic id. */
const numberOf = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1));
/** What crosses an RPC: a copy, as structured clone makes it. */
const overRpc = <T>(value: T): T => deserialize(serialize(value)) as T;
/** The encoded digest the fake log holds of a product: recorded once, its source digest that of its id (as the fake shards' walk says). */
const recordedDigest = (id: string) =>
  encodeDigest({ version: 1, hash: sourceDigest(id), source: sourceDigest(id), removed: false, unrecorded: false, due: '' });

/**
 * A change log Durable Object that keeps nothing: every synthetic product recorded, unchanged
 * (`recordedDigest`), its digests answered in pages (id order, the generator's) and by id; what is
 * appended is serialized and dropped. Both the RPCs of this version and of the one before
 * (`digestPage` carrying the held removals on its first page) are answered.
 */
const logCalls = { digestPages: 0, digestsOf: 0, appended: 0 };
/**
 * With BENCH_GATEWAY_HEAP_LIVE=1, the live heap taken inside the recording, as the fake log is
 * called (every append, every digest page, every 10th lookup: after a full collection),
 * since a recording of 40,000 unchanged products lasts less than the 250 ms between the live
 * sampler's collections.
 */
const recordingLive = { peak: 0, samples: 0, byConnector: new Map<string, number>() };
const sampleRecording = (connector: string) => {
  if (!LIVE) return;
  gc!();
  const now = held();
  recordingLive.peak = Math.max(recordingLive.peak, now);
  recordingLive.byConnector.set(connector, Math.max(recordingLive.byConnector.get(connector) ?? 0, now));
  recordingLive.samples++;
};
function emptyChangeLog() {
  const page = (connector: string, after: string | null, limit = 10_000) => {
    const digests: [string, string][] = [];
    for (let i = after === null ? 0 : numberOf(after) + 1; i < perEconomy && digests.length < Math.min(limit, 10_000); i++) {
      const id = syntheticId(connector, i);
      digests.push([id, recordedDigest(id)]);
    }
    const last = digests.at(-1);
    return { digests, held: null, next: last && numberOf(last[0]) < perEconomy - 1 ? last[0] : null };
  };
  const stub = {
    append: async (batch: { connector: string; commits: unknown[] }) => {
      sampleRecording(batch.connector);
      serialize(batch);
      logCalls.appended += batch.commits.length;
      return overRpc({ statuses: batch.commits.map(() => 'written'), full: false });
    },
    digestPage: async (connector: string, _economy: string, after: string | null, limit?: number) => {
      sampleRecording(connector);
      logCalls.digestPages++;
      return overRpc(page(connector, after, limit));
    },
    digestsOf: async (connector: string, _economy: string, ids: readonly string[]) => {
      const asked = ids.slice(0, 500);
      if (logCalls.digestsOf++ % 10 === 0) sampleRecording(connector);
      const digests = asked.filter((id) => id.startsWith(`${connector}:`) && numberOf(id) < perEconomy).map((id) => [id, recordedDigest(id)]);
      return overRpc({ digests, served: asked.length });
    },
    held: async () => null,
    rowsOf: async (_connector: string, _economy: string, ids: readonly string[]) => ({ rows: [], served: Math.min(ids.length, 500) }),
    trim: async () => {},
    size: async () => 0,
  };
  return createDurableChangeLog({ namespace: { idFromName: (name) => name, get: () => stub as never } });
}

/** A shard that keeps nothing: its slice's ids are rebuilt from the generator's numbering. */
function emptyShard(s: number): ShardClient {
  const cursors = new Map<string, { position: number; next: number }>();
  const none = () => Promise.reject(new Error('not measured'));
  return {
    stage: async ({ products }) => {
      serialize(products);
    },
    finish: async ({ connector }) => {
      if (s === 0 && ++finishes === SNAPSHOT) {
        console.error(`heap snapshot: ${writeHeapSnapshot(`bench/results/gateway-harvest-${Date.now()}.heapsnapshot`)}`);
      }
      let count = 0;
      for (let i = 0; i < perEconomy; i++) if (shardOf(syntheticId(connector, i), SHARDS) === s) count++;
      return { size: count, duplicates: 0, duplicateIds: [] };
    },
    // The slice's ids in ascending order (the generator's numbers, zero-padded), a chunk at a time:
    // only where the last chunk ended is kept, so that the fake shard holds nothing that grows.
    ids: async ({ connector, after, count }) => {
      let cursor = cursors.get(connector);
      if (!cursor || cursor.position > after) cursor = { position: 0, next: 0 };
      const ids: string[] = [];
      for (; cursor.next < perEconomy && ids.length < count; cursor.next++) {
        const id = syntheticId(connector, cursor.next);
        if (shardOf(id, SHARDS) !== s) continue;
        if (cursor.position++ >= after) ids.push(id);
      }
      cursors.set(connector, cursor);
      return packIds(ids);
    },
    rank: async () => {},
    activate: async () => {},
    remove: async () => {},
    warm: async () => {},
    statistics: none,
    search: none,
    documents: none,
    // The slice's products of a connector after a place (the generator's number), their digests those the fake log holds.
    walk: async ({ connector, after, count }) => {
      if (!RECORD || !connector) return none();
      const page = { ids: [] as string[], places: [] as number[], sources: [] as string[], next: null as number | null };
      let i = after + 1;
      for (; i < perEconomy && page.ids.length < count; i++) {
        const id = syntheticId(connector, i);
        if (shardOf(id, SHARDS) !== s) continue;
        page.ids.push(id), page.places.push(i), page.sources.push(sourceDigest(id));
      }
      page.next = i < perEconomy ? i - 1 : null;
      return overRpc(page);
    },
    gtin: none,
    // GTIN ownership (`ShardedGtinOwners`): the request serialized as an RPC would be; this shard owns none, so no conflict.
    admitGtins: async (request) => (serialize(request), []),
    takeGtinNotices: async () => [],
  };
}

const port = await freePort();
const upstream = await startService('bench/synthetic/upstream.ts', [String(port), String(PRODUCTS)], {}, `http://127.0.0.1:${port}`);
try {
  const federation = new Federation({
    connectors: [],
    transportFor: () => (url, init) => fetch(url, init),
    shards: Array.from({ length: SHARDS }, (_, s) => emptyShard(s)),
    ...(RECORD && { changes: { log: emptyChangeLog() } }),
  });
  gc();
  const idle = held();
  let peak = idle;
  // The live peak: a full collection every 250 ms, then the heap (what V8's next limit is reckoned from).
  let livePeak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, held())), 20);
  const liveSampler = LIVE
    ? setInterval(() => {
        gc();
        livePeak = Math.max(livePeak, held());
      }, 250)
    : undefined;
  const started = Date.now();
  await Promise.all(
    SYNTHETIC_ECONOMIES.map(async (_, i) => {
      const manifest = Manifest.parse(syntheticManifest(i, upstream.url));
      federation.add(createDeclarativeConnector(manifest));
      await federation.refresh(manifest.id);
    }),
  );
  clearInterval(sampler);
  clearInterval(liveSampler);
  peak = Math.max(peak, held());
  for (const c of federation.connectors()) if (c.lastError) console.error(c.id, c.lastError);
  const served = federation.connectors().reduce((sum, c) => sum + c.productCount, 0);
  const owned = federation.gtinOwners.held;
  gc();
  const after = held();
  // GtinOwners apart: a second one claiming the same GTINs, measured by what it adds.
  let owners: GtinOwners | undefined = new GtinOwners();
  for (const [i, e] of SYNTHETIC_ECONOMIES.entries()) {
    const claimant = { id: `${e.economy.toLowerCase()}-synthetic`, economy: e.economy };
    for (const item of generateCatalogue(i, perEconomy)) if (item.gtin) owners.admit(claimant, { gtin: item.gtin, localId: item.sku } as never);
  }
  gc();
  const withOwners = held();
  owners = undefined;
  gc();
  const withoutOwners = held();
  console.log(
    JSON.stringify({
      products: PRODUCTS,
      served,
      shards: SHARDS,
      ...(RECORD && { recorded: logCalls }),
      harvestMs: Date.now() - started,
      idle: mb(idle),
      peak: mb(peak),
      peakAboveIdle: mb(peak - idle),
      ...(LIVE && { livePeakAboveIdle: mb(livePeak - idle) }),
      // Each connector's recording, in the order they ran: the last ran after every harvest had ended.
      ...(LIVE &&
        RECORD && {
          recordingLivePeakAboveIdle: mb(recordingLive.peak - idle),
          recordingLivePeaksAboveIdle: [...recordingLive.byConnector.values()].map((peak) => mb(peak - idle)),
          recordingSamples: recordingLive.samples,
        }),
      afterAboveIdle: mb(after - idle),
      gtinOwners: mb(withOwners - withoutOwners),
      owned,
    }),
  );
} finally {
  await upstream.stop();
}
