import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killOnExit } from './lib/exit-guard';
import { type HeapSampler, heapUsage, sampleHeaps, type HeapUsage, type IsolatePeak } from './lib/inspector';
import { freePort, sleep, startService, type Service } from './lib/processes';
import { distinctTextBodies, longTailBodies, portalBody } from './lib/queries';
import type { Row } from './lib/report';
import { startWranglerDev, type WranglerDev } from './lib/wrangler';
import { newSearchTexts } from './synthetic/generate';
import { registerSynthetic } from './synthetic/register';

/**
 * What the floors are checked on (issue 30): each isolate's largest JS heap used + array buffers
 * (`backingStorageSize`), sampled every 500 ms through the harvest and through the cold isolate's
 * searches; the cold isolate's first search; the p99 of its varied searches. `heapUsedMb` is the
 * JS heap alone at its largest sample, what the floor read before, kept for comparison.
 */
export interface EdgeFigures {
  /** The largest isolate's peak through the harvest: the gateway's, or the shards' (all N in one). */
  harvestPeakMb: number;
  coldPeakMb: number;
  heapUsedMb: number;
  coldFirstSearchMs: number;
  /** p99 of WARM_SEARCHES searches after the cold ones, every text new: the floor's figure. */
  searchP99Ms: number;
  /** The slowest of the cold isolate's 60 searches (their "p99"), right after its start: reported, not a floor. */
  coldSearchP99Ms: number;
}

/** Figures of a run that failed before measuring: every floor reads NaN, and fails. */
export const NO_EDGE_FIGURES: EdgeFigures = {
  harvestPeakMb: Number.NaN,
  coldPeakMb: Number.NaN,
  heapUsedMb: Number.NaN,
  coldFirstSearchMs: Number.NaN,
  searchP99Ms: Number.NaN,
  coldSearchP99Ms: Number.NaN,
};

/**
 * BENCH_EDGE_SHARDS=N: the catalogue in N shards (docs/decisions/0030-edge-partitioning.md), run as
 * a Worker of their own (bench/wrangler.catalogue-shards.toml, bound by script_name) beside the
 * gateway's in one `wrangler dev`, so that the gateway's isolate and the shards' are sampled apart
 * through workerd's own inspector. In `wrangler dev` every object of one script shares one isolate:
 * the shards' isolate holds all N shards, and its peak is their sum, an upper bound of any one's.
 */
const SHARDS = Number(process.env.BENCH_EDGE_SHARDS ?? 0);
const SHARD_CONFIGS = SHARDS > 0 ? ['bench/wrangler.edge-shards.toml', 'bench/wrangler.catalogue-shards.toml'] : [];

/** Varied searches the cold isolate answers after its first (issue 30: 60). */
const COLD_SEARCHES = 60;
/**
 * Searches after those (at most: as many as there are texts not sent before, 397), every text new, broad and narrow words, that the p99 floor is read over: the
 * p99 of 60 is their slowest, and the first searches of an isolate run code not yet optimized (the
 * cold first search has its own floor). Node's p99 floor is read over 3,000 requests likewise.
 */
const WARM_SEARCHES = 400;
/** How often each isolate's memory is read. */
const SAMPLE_MS = 500;

/** Longest the six registrations (each harvests its catalogue in the request) may take together. */
const HARVEST_DEADLINE_MS = 15 * 60_000;
/** Longest one search, or the cold isolate's first one, may take. */
const SEARCH_DEADLINE_MS = 5 * 60_000;
/** Longest the six harvests' recordings into the change feed may take after the catalogue is served. */
const RECORD_DEADLINE_MS = 10 * 60_000;
/** Longest the cold isolate may take to serve the whole catalogue again. */
const RELOAD_DEADLINE_MS = 5 * 60_000;

/** workerd's service name of the shards' Worker (bench/wrangler.catalogue-shards.toml). */
const SHARDS_SERVICE = 'core:user:ovop-catalogue-shards';

/**
 * Samples the gateway's isolate through wrangler's inspector, and with shards the shards' isolate
 * through workerd's own (wrangler's lists the first configuration's isolate only, and holds the
 * gateway's debugging session: workerd's answers no second one for it).
 */
async function sampleIsolates(dev: WranglerDev): Promise<HeapSampler> {
  const named = (sampler: HeapSampler, name: string): HeapSampler => ({
    now: sampler.now,
    stop: async () => (await sampler.stop()).map((peak) => ({ ...peak, target: name })),
  });
  const samplers = [named(await sampleHeaps(dev.inspectorPort, SAMPLE_MS), 'gateway')];
  if (SHARDS > 0) {
    const port = await dev.runtimeInspectorPort('ovop-catalogue-shards');
    samplers.push(named(await sampleHeaps(port, SAMPLE_MS, (id) => id === SHARDS_SERVICE), `shards (all ${SHARDS})`));
  }
  return {
    now: () => Promise.all(samplers.map((s) => s.now())).then(() => undefined),
    stop: async () => (await Promise.all(samplers.map((s) => s.stop()))).flat(),
  };
}

const mb = (v: number) => `${v.toFixed(1)} MB`;
/** The largest of the isolates' peaks (NaN when none was sampled, or one never reported its array buffers). */
const largest = (peaks: readonly IsolatePeak[]) =>
  peaks.length && peaks.every((p) => p.backingReported && p.samples > 0) ? Math.max(...peaks.map((p) => p.peakMb)) : Number.NaN;
const peakText = (peaks: readonly IsolatePeak[]) =>
  peaks
    .map(
      (p) =>
        `isolate ${p.target}: peak ${mb(p.peakMb)} (JS heap used ${mb(p.usedMbAtPeak)} + array buffers ${p.backingReported ? mb(p.backingMbAtPeak) : 'not reported'}; JS heap alone at most ${mb(p.peakUsedMb)}), ${p.samples} samples every ${SAMPLE_MS} ms, longest gap ${p.longestGapMs} ms`,
    )
    .join('; ') || 'no isolate sampled';
const fieldsText = (peaks: readonly IsolatePeak[]) => `Runtime.getHeapUsage answered ${[...new Set(peaks.flatMap((p) => p.fields))].join(', ') || 'nothing'}`;
const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
};

/**
 * The cold isolate's varied searches: long-tail portal queries (text × language × currency × page
 * size), every text new first, then the long tail's order, `count` in all.
 */
function variedBodies(count: number): string[] {
  const all = longTailBodies();
  const texts = new Set<unknown>();
  const fresh = all.filter((body) => {
    const text = (JSON.parse(body) as { variables: { text?: string } }).variables.text;
    if (text === undefined || texts.has(text)) return false;
    texts.add(text);
    return true;
  });
  return [...fresh, ...all.filter((body) => !fresh.includes(body))].slice(0, count);
}
const heapText = (h: HeapUsage | undefined) =>
  h ? `${mb(h.usedMb)} used of ${mb(h.totalMb)}${h.backingMb === undefined ? '' : ` (array buffers besides: ${mb(h.backingMb)})`}` : 'unreadable';

/**
 * The edge (BENCH_ONLY=edge): `products` synthetic products registered through the public API in
 * `wrangler dev` (local workerd, KV persisted in a temporary directory). Samples every isolate's
 * JS heap + array buffers through the inspector every 500 ms from the harvest's start until the
 * whole catalogue is served and the change feed holds it; then restarts wrangler on the same KV and,
 * sampling again (and after each search), times a cold isolate's first search and 60 varied searches
 * after it, then the p99 floor's searches. Pushes its rows; every wait has a deadline.
 */
export async function edgeRun(products: number, admin: string, rows: Row[]): Promise<EdgeFigures> {
  const persistTo = mkdtempSync(join(tmpdir(), 'ovop-edge-'));
  const port = await freePort();
  let upstream: Service | undefined;
  let dev: WranglerDev | undefined;
  try {
    upstream = await startService('bench/synthetic/upstream.ts', [String(port), String(products)], {}, `http://127.0.0.1:${port}`);
    killOnExit(upstream.child);
    const vars = {
      ALLOW_PRIVATE_UPSTREAMS: 'true',
      GATEWAY_ADMIN_TOKEN: admin,
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
      LOG_LEVEL: 'info',
      ...(SHARDS > 0 && { CATALOGUE_SHARD_COUNT: String(SHARDS) }),
    };
    dev = await startWranglerDev({ vars, persistTo, configs: SHARD_CONFIGS });
    const warm = dev;
    await search(warm, 'honey');
    const idle = await heapUsage(warm.inspectorPort);
    console.error(`edge: idle isolate (sample catalogues only) ${heapText(idle)}`);

    // Registration harvests the whole catalogue inside the registerConnector request (one
    // Workers invocation per connector), as scaleRun does on Node: the six at once.
    const harvestSampler = await sampleIsolates(warm);
    const started = Date.now();
    let failures: string[];
    try {
      failures = await registerSynthetic({
        ask: (q, v, token) => graphql(warm, q, v, token, HARVEST_DEADLINE_MS),
        upstreamUrl: upstream.url,
        admin,
      });
    } catch (error) {
      await harvestSampler.stop();
      throw error;
    }
    const harvestMs = Date.now() - started;
    const pages = logLines(warm.output())
      .filter((l) => l.message === 'harvested' && String(l.connector).endsWith('-synthetic'))
      .map((l) => Number(l.pages));
    // The harvest's window ends once the whole catalogue is served: the first query after it builds the merged index.
    // Asked again after a failure (said in the row): wrangler's proxy answers 503 "restarted mid-request" when workerd restarts.
    const countFailures: string[] = [];
    let total: number | string = 'unknown';
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        total = await totalCount(warm);
        break;
      } catch (error) {
        countFailures.push((error as Error).message.slice(0, 160));
        total = `unknown (${(error as Error).message})`;
      }
    }
    // And once the change feed holds them: a first harvest's recording can outlast its request (it runs after it, `waitUntil`).
    const recorded = await untilRecorded(warm, 6);
    const harvestPeaks = await harvestSampler.stop();
    console.error(`edge: through the harvest, ${peakText(harvestPeaks)}; ${fieldsText(harvestPeaks)}`);
    const afterHarvest = await heapUsage(warm.inspectorPort).catch(() => undefined);
    const harvestRss = warm.rssMb();
    console.error(`edge: harvest ${harvestMs} ms, ${total} products; heap ${heapText(afterHarvest)}`);
    rows.push({
      scenario: `8a. edge: ${products} products registered in wrangler dev${SHARDS > 0 ? `, in ${SHARDS} shards (a Worker of their own)` : ''}`,
      rps: null,
      p50: harvestMs,
      p99: null,
      ratio: null,
      upstreamRequests: pages.length ? pages.reduce((a, b) => a + b, 0) : null,
      note: [
        `harvest ${(harvestMs / 1000).toFixed(1)} s through registration, ${total} products served`,
        recorded.ms === null
          ? `${recorded.count} of 6 recordings ended within ${RECORD_DEADLINE_MS / 1000} s (the window closed without the rest)`
          : `the six recordings into the change feed ended ${((recorded.ms - started) / 1000).toFixed(1)} s after the harvest began (${recorded.events} events), sampled through them`,
        `6 registrations at once, each harvesting in its own invocation: ${pages.join('/') || '?'} upstream pages (deployed Workers allow 50 subrequests per invocation on Free, 10,000 on Paid)`,
        `through the harvest, ${peakText(harvestPeaks)}`,
        fieldsText(harvestPeaks),
        `after it: heap ${heapText(afterHarvest)}`,
        `idle ${heapText(idle)}; wrangler+workerd resident ${harvestRss.toFixed(0)} MB`,
        ...degradations(warm.output()),
        ...shardText(warm.output()),
        ...failures,
        ...countFailures.map((failure) => `the count after the harvest failed once: ${failure}`),
      ].join('; '),
    });

    const searched = await search(warm, 'wild honey cebu').catch((error: Error) => ({ ms: Number.NaN, totalCount: 0, at: Date.now(), error: error.message }));
    const afterSearch = await heapUsage(warm.inspectorPort).catch(() => undefined);
    const again = await search(warm, 'smoked tea otago').catch(() => undefined);
    rows.push({
      scenario: '8b. edge: a search after the harvest',
      rps: null,
      p50: searched.ms,
      p99: null,
      ratio: null,
      upstreamRequests: null,
      note: [
        'error' in searched ? `the search failed: ${searched.error}` : `the first search since the harvest (${searched.totalCount} matches)`,
        `isolate heap ${heapText(afterSearch)} after it`,
        `the next new text ${again ? `${again.ms} ms` : 'failed'}`,
      ].join('; '),
    });
    // What wrangler printed through the harvest, kept apart: the cold run's replaces it below.
    writeFileSync('bench/results/edge-wrangler-harvest.log', warm.output());
    await warm.stop();

    // A cold isolate: wrangler again on the same persisted KV (registrations and snapshots).
    const before = Date.now();
    dev = await startWranglerDev({ vars, persistTo, configs: SHARD_CONFIGS });
    const cold = dev;
    const coldSampler = await sampleIsolates(cold);
    const first = await search(cold, 'golden coffee').catch((error: Error) => ({ ms: Number.NaN, totalCount: 0, at: Date.now(), error: error.message }));
    const firstFromHealthy = first.at - cold.healthyAt;
    const firstFromSpawn = first.at - cold.spawnedAt;
    await coldSampler.now();
    const times: number[] = [];
    const searchFailures: string[] = [];
    for (const body of variedBodies(COLD_SEARCHES)) {
      const answered = await send(cold, body).catch((error: Error) => {
        searchFailures.push(error.message.slice(0, 200));
        return undefined;
      });
      if (answered) times.push(answered.ms);
      // Besides the 500 ms timer, a read after each search (outside its timing): 60 searches take a few seconds.
      await coldSampler.now();
    }
    const reload = await untilTotal(cold, typeof total === 'number' ? total : Number.NaN);
    const coldPeaks = await coldSampler.stop();
    // The p99 floor's searches: the deployment warm now, no text sent before (neither by the cold searches nor among these).
    const textOf = (body: string) => (JSON.parse(body) as { variables: { text?: string } }).variables.text;
    const sent = new Set(variedBodies(COLD_SEARCHES).map(textOf));
    const warmTimes: number[] = [];
    const warmBodies = distinctTextBodies(
      newSearchTexts().filter((text) => !sent.has(text)),
      WARM_SEARCHES,
    );
    for (const body of warmBodies) {
      const answered = await send(cold, body).catch((error: Error) => {
        searchFailures.push(error.message.slice(0, 200));
        return undefined;
      });
      if (answered) warmTimes.push(answered.ms);
    }
    const warmP50 = percentile(warmTimes, 50);
    const warmP99 = percentile(warmTimes, 99);
    const reharvested = logLines(cold.output()).filter((l) => l.message === 'harvested' && String(l.connector).endsWith('-synthetic')).length;
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    console.error(
      `edge: cold first search ${firstFromHealthy} ms after /healthz (${firstFromSpawn} ms after spawn); ${times.length} varied searches p50 ${p50} ms, p99 ${p99} ms; then ${warmTimes.length} searches, every text new, p50 ${warmP50} ms, p99 ${warmP99} ms; ${peakText(coldPeaks)}`,
    );
    rows.push({
      scenario: '8c. edge: cold isolate, first search',
      rps: null,
      p50: firstFromHealthy,
      p99: null,
      ratio: null,
      upstreamRequests: null,
      note: [
        `${firstFromHealthy} ms after /healthz, ${firstFromSpawn} ms after wrangler was spawned (${cold.healthyAt - before} ms to /healthz)`,
        `it counted ${first.totalCount} matches${'error' in first ? ` (failed: ${first.error})` : ''}`,
        reload.ms === null
          ? `whole catalogue not served within ${RELOAD_DEADLINE_MS / 1000} s (${reload.count})`
          : `whole catalogue served ${reload.ms} ms after /healthz`,
        `${reharvested ? `${reharvested} connectors harvested from upstream again` : 'snapshots read back from KV, no upstream harvest'}`,
        ...degradations(cold.output()),
      ].join('; '),
    });
    rows.push({
      scenario: `8d. edge: cold isolate, ${COLD_SEARCHES} varied searches after the first`,
      rps: null,
      p50,
      p99,
      ratio: null,
      upstreamRequests: null,
      note: [
        `one at a time, long-tail portal queries, every text new first, memory read after each as well; ${times.length} answered${searchFailures.length ? `, ${searchFailures.length} failed (${searchFailures[0]})` : ''}`,
        `from the cold start through these searches, ${peakText(coldPeaks)}`,
        ...shardText(cold.output()),
      ].join('; '),
    });
    rows.push({
      scenario: `8e. edge: ${warmBodies.length} searches after those, every text new, broad and narrow words`,
      rps: null,
      p50: warmP50,
      p99: warmP99,
      ratio: null,
      upstreamRequests: null,
      note: `one at a time on the same deployment, warm now: broad words, their prefixes and adjective-good pairs, none sent before, each in another language, currency and page size; ${warmTimes.length} answered; the p99 floor is read here`,
    });
    const failed = times.length < COLD_SEARCHES || warmTimes.length < warmBodies.length;
    return {
      harvestPeakMb: largest(harvestPeaks),
      coldPeakMb: largest(coldPeaks),
      heapUsedMb: Math.max(...[...harvestPeaks, ...coldPeaks].map((p) => p.peakUsedMb)),
      coldFirstSearchMs: Number.isNaN(first.ms) ? Number.NaN : firstFromHealthy,
      searchP99Ms: failed ? Number.NaN : warmP99,
      coldSearchP99Ms: times.length < COLD_SEARCHES ? Number.NaN : p99,
    };
  } finally {
    // What wrangler printed last (the Worker's and the shards' log lines), kept for a run that went wrong (git-ignored).
    if (dev) writeFileSync('bench/results/edge-wrangler.log', dev.output());
    await dev?.stop();
    await upstream?.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

async function graphql(dev: WranglerDev, query: string, variables = {}, token?: string, timeoutMs = SEARCH_DEADLINE_MS) {
  const response = await post(`${dev.url}/graphql`, {
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
    timeoutMs,
  });
  const text = response.text;
  try {
    return JSON.parse(text) as any;
  } catch {
    throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
}

/**
 * A POST over node:http, its deadline `timeoutMs` alone: Node's fetch (undici) gives up on an
 * answer whose headers take over 300 s whatever its signal says ("fetch failed"), and a
 * registration that harvests 1,000,000 products answers later than that (the Worker's harvest is
 * then cancelled with its request).
 */
function post(
  url: string,
  { headers, body, timeoutMs }: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method: 'POST', headers, signal: AbortSignal.timeout(timeoutMs) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/** One portal search, timed from send to the whole answer. */
async function search(dev: WranglerDev, text: string): Promise<{ ms: number; totalCount: number; at: number }> {
  const sent = Date.now();
  const response = await fetch(`${dev.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: portalBody(text),
    signal: AbortSignal.timeout(SEARCH_DEADLINE_MS),
  });
  const body = (await response.json()) as any;
  const at = Date.now();
  if (!body.data?.products) throw new Error(`search failed: HTTP ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return { ms: at - sent, totalCount: body.data.products.totalCount, at };
}

/** One GraphQL body, timed from send to the whole answer; throws unless it answered products. */
async function send(dev: WranglerDev, body: string): Promise<{ ms: number }> {
  const sent = Date.now();
  const response = await fetch(`${dev.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(SEARCH_DEADLINE_MS),
  });
  const answer = (await response.json()) as any;
  const ms = Date.now() - sent;
  if (!answer.data?.products) throw new Error(`search failed: HTTP ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
  return { ms };
}

async function totalCount(dev: WranglerDev): Promise<number> {
  return (await graphql(dev, '{ products(first: 1) { totalCount } }')).data.products.totalCount as number;
}

/**
 * Polls the Worker's log until `count` synthetic connectors' recordings have ended (`harvest
 * recorded`), at most RECORD_DEADLINE_MS: `ms` is Date.now() then (null past the deadline).
 */
async function untilRecorded(dev: WranglerDev, count: number): Promise<{ ms: number | null; count: number; events: number }> {
  const deadline = Date.now() + RECORD_DEADLINE_MS;
  const seen = new Map<string, number>();
  for (;;) {
    // Polled often: the output kept is the last 256 KB.
    for (const line of logLines(dev.output()))
      if (line.message === 'harvest recorded' && String(line.connector).endsWith('-synthetic')) seen.set(String(line.connector), Number(line.events));
    const events = [...seen.values()].reduce((a, b) => a + b, 0);
    if (seen.size >= count) return { ms: Date.now(), count: seen.size, events };
    if (Date.now() > deadline) return { ms: null, count: seen.size, events };
    await sleep(250);
  }
}

/** Polls until the cold isolate serves `total` products again (null ms past the deadline). */
async function untilTotal(dev: WranglerDev, total: number): Promise<{ ms: number | null; count: number }> {
  const deadline = Date.now() + RELOAD_DEADLINE_MS;
  let count = 0;
  while (Date.now() < deadline) {
    count = await totalCount(dev).catch(() => count);
    if (count >= total) return { ms: Date.now() - dev.healthyAt, count };
    await sleep(250);
  }
  return { ms: null, count };
}

/** The Worker's JSON log lines among wrangler's output. */
function logLines(output: string): Array<Record<string, unknown>> {
  return output.split('\n').flatMap((line) => {
    const start = line.indexOf('{"time"');
    if (start < 0) return [];
    try {
      return [JSON.parse(line.slice(start)) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

/**
 * Each shard's own share (BENCH_EDGE_SHARDS), from its `shard holds` log lines: the bytes of the
 * slices it holds in memory at their largest, and its SQLite database. The shards' isolate is
 * sampled whole; these lines say how it divides between them.
 */
function shardText(output: string): string[] {
  const held = new Map<string, { slice: number; database: number }>();
  let slowest = { ms: 0, call: '' };
  // What every shard of the isolate held together, as its budget counted it (`ShardMemory`), and how many were let go for it.
  const isolate = { bytes: 0, evictions: 0, index: new Map<string, number>() };
  for (const l of logLines(output)) {
    if (l.message !== 'shard holds') continue;
    if (l.isolateBytes !== undefined) isolate.bytes = Math.max(isolate.bytes, Number(l.isolateBytes));
    if (l.evictions !== undefined) isolate.evictions = Math.max(isolate.evictions, Number(l.evictions));
    if (l.indexBytes !== undefined) isolate.index.set(String(l.shard), Math.max(isolate.index.get(String(l.shard)) ?? 0, Number(l.indexBytes)));
    if (Number(l.ms) > slowest.ms) slowest = { ms: Number(l.ms), call: String(l.call) };
    const known = held.get(String(l.shard)) ?? { slice: 0, database: 0 };
    held.set(String(l.shard), { slice: Math.max(known.slice, Number(l.sliceBytes)), database: Math.max(known.database, Number(l.databaseBytes)) });
  }
  if (!held.size) return SHARDS > 0 ? ['no shard reported what it holds'] : [];
  const slices = [...held.values()].map((h) => h.slice / 1024 / 1024);
  const databases = [...held.values()].map((h) => h.database / 1024 / 1024);
  return [
    `${held.size} shards reported their slices in memory: largest ${mb(Math.max(...slices))}, smallest ${mb(Math.min(...slices))}, sum ${mb(slices.reduce((a, b) => a + b, 0))}; SQLite largest ${mb(Math.max(...databases))}; slowest call that changed them: ${slowest.call}, ${slowest.ms} ms`,
    ...(isolate.index.size
      ? [
          `their indexes at most ${mb([...isolate.index.values()].reduce((a, b) => a + b, 0) / 1024 / 1024)} in all; the isolate's budget of shards counted at most ${mb(isolate.bytes / 1024 / 1024)} (slices and indexes), ${isolate.evictions} shards let go for it`,
        ]
      : []),
  ];
}

/** Warnings and errors the Worker logged (a KV call past its deadline, a failed harvest), counted by message. */
function degradations(output: string): string[] {
  const counts = new Map<string, number>();
  for (const l of logLines(output)) {
    if (l.level !== 'warn' && l.level !== 'error') continue;
    const what = `${l.message}${l.error ? `: ${String(l.error).slice(0, 120)}` : ''}`;
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return [...counts].map(([what, n]) => `worker logged ${n}× "${what}"`);
}
