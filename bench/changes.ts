/**
 * The change feed's figures (issue 29): `BENCH_ONLY=changes npm run bench`, and part of the whole run.
 * BENCH_CHANGES_PRODUCTS (default 250000), BENCH_CHANGES_ROUNDS (re-harvests compared, default 3,
 * after one not counted), BENCH_CHANGES_STREAMS (default 1000), BENCH_CHANGES_PARTS=reharvest (the
 * re-harvest alone, for quick runs of it), =streams (part 3 alone, on the gateway that records:
 * per-stream memory does not depend on the catalogue, so a small BENCH_CHANGES_PRODUCTS will do) or
 * =export (part 4 alone, with only the gateway that records changes); Redis at REDIS_URL (default
 * redis://127.0.0.1:6379), under a key prefix of this run's own, deleted at the end.
 *
 * Runs in a child process of its own (`--expose-gc`), so that its memory figures are the gateway's
 * and the readers', not the rest of the bench's. Two gateways in that process, both on Node +
 * Redis stores: one records changes (the Redis change log), one does not (`recordChanges: false`,
 * the smallest switch: an option of createGateway the bench alone sets). Both harvest the same
 * synthetic upstream (bench/synthetic/), whose `/__control/change` moves 1 % of the prices.
 *
 * 1. Re-harvest: each round changes 1 % upstream, then refreshes the six connectors on both
 *    gateways (which goes first alternates); the ratio is the median of the rounds' time with the
 *    feed over time without, and every round must write exactly as many events as prices moved.
 * 2. Reading `/changes?limit=500&after=` from the oldest event to the head on one connection, by a
 *    reader in a child process.
 * 3. STREAMS idle `/changes/stream` clients in a child process: memory per idle stream (this
 *    process's heap + external + array buffers after a full collection, and RSS, before and after
 *    they open); then one price moves, and each client's receipt is timed from the moment the
 *    event is readable in the log (polled every 5 ms here), and from its append (its stream id's
 *    time), in the note.
 * 4. `GET /exports/products.ndjson` of every product, read by curl: products a second (the median
 *    of BENCH_CHANGES_EXPORTS runs, default 3), and RSS above the settled RSS before, every 20 ms.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { ChangeLog } from '../gateway/changes/change-log';
import { decodeCursor } from '../gateway/changes/cursor';
import { tailOf } from '../gateway/changes/tail';
import { nodeBlockCodec } from '../gateway/runtime/node/block-codec';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { startGateway, type TestGateway } from '../test/helpers/gateway';
import { startOnFreePort } from './lib/processes';
import type { Floor, Row } from './lib/report';
import { SYNTHETIC_ECONOMIES } from './synthetic/generate';
import { registerSynthetic } from './synthetic/register';

import { type PartFigures, runAsChild, runPartInChild } from './lib/child-part';
import { deleteRunKeys } from './lib/redis-keys';
import { median, percentile } from './lib/stats';

const ADMIN = 'bench-operator-token-0123456789';

/** What the changes part adds to the report. */
export type ChangesFigures = PartFigures;

/** Runs the changes part in a child process (see the file's comment) and returns its rows and floors. */
export const changesRun = (): Promise<ChangesFigures> => runPartInChild('changes');

const gc = (globalThis as { gc?: () => void }).gc;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();
const log = (line: string) => console.error(`changes: ${line}`);

/** Memory after three full collections: JS (heap used + external + array buffers) and RSS, in bytes. */
async function settle() {
  for (let i = 0; i < 3; i++) {
    gc!();
    await sleep(50);
  }
  const m = process.memoryUsage();
  return { js: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
}

/** Events in the log after `after`, counted a page of 500 at a time. */
async function eventsAfter(changes: ChangeLog, after: string): Promise<number> {
  let count = 0;
  for (let cursor = after, more = true; more; ) {
    const page = await changes.read({ after: cursor, limit: 500 });
    count += page.entries.length;
    cursor = page.next;
    more = page.hasMore;
  }
  return count;
}

async function child(): Promise<ChangesFigures> {
  if (!gc) throw new Error('run with --expose-gc');
  const products = Number(process.env.BENCH_CHANGES_PRODUCTS ?? 250_000);
  const rounds = Number(process.env.BENCH_CHANGES_ROUNDS ?? 3);
  const streams = Number(process.env.BENCH_CHANGES_STREAMS ?? 1000);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const parts = process.env.BENCH_CHANGES_PARTS ?? 'all';
  const prefix = `bench:changes:${process.pid}:${Date.now()}:`;
  const rows: Row[] = [];
  const floors: Floor[] = [];
  const closing: Array<() => Promise<unknown>> = [];
  try {
    const upstream = await startOnFreePort('bench/synthetic/upstream.ts', ['{port}', String(products)], {}, '/');
    closing.push(() => upstream.stop());
    // However this process ends, the upstream it started ends with it.
    process.once('exit', () => upstream.child.kill('SIGKILL'));
    const env = { ALLOW_PRIVATE_UPSTREAMS: 'true', GATEWAY_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' };
    const start = async (name: 'on' | 'off') => {
      const stores = await connectRedisStores(redisUrl, `${prefix}${name}:`);
      const gw = await startGateway(env, {
        stores: { cache: stores.cache, registry: stores.registry, ...(name === 'on' && { changes: stores.changeLog() }) },
        recordChanges: name === 'on',
        // As `npm start` on Node inflates a snapshot's blocks (server.ts): node:zlib's synchronous codec, not the Web streams.
        blockCodec: nodeBlockCodec,
      });
      const close = async () => {
        await gw.close();
        await stores.close();
      };
      closing.push(close);
      const started = performance.now();
      const failures = await registerSynthetic({
        ask: (q, v, token) => gw.graphql(q, v, token ? { authorization: `Bearer ${token}` } : {}),
        upstreamUrl: upstream.url,
        admin: ADMIN,
      });
      if (failures.length) throw new Error(`registration failed (${name}): ${failures.join('; ')}`);
      return { gw, close, registerMs: performance.now() - started };
    };
    const on = await start('on');
    if (parts === 'streams') return await streamsPart(on.gw, streams, upstream.url);
    const served = (await on.gw.graphql('{ products(first: 1) { totalCount } }')).data.products.totalCount as number;
    if (parts === 'export') {
      log(`${served} products; first harvest ${(on.registerMs / 1000).toFixed(1)} s`);
      await exportPart(on.gw, served, { rows, floors });
      return { rows, floors };
    }
    const off = await start('off');
    log(`${served} products; first harvest with the feed ${(on.registerMs / 1000).toFixed(1)} s, without ${(off.registerMs / 1000).toFixed(1)} s`);

    // 1. The re-harvest, with the feed and without.
    const ids = SYNTHETIC_ECONOMIES.map((e) => `${e.economy.toLowerCase()}-synthetic`);
    const refreshAll = async (gw: TestGateway) => {
      const started = performance.now();
      await Promise.all(ids.map((id) => gw.gateway.federation.refresh(id)));
      return performance.now() - started;
    };
    const changedEach = Math.round(served / 100);
    const ratios: number[] = [];
    const withFeed: number[] = [];
    const without: number[] = [];
    const events: number[] = [];
    for (let round = 0; round <= rounds; round++) {
      const moved = ((await (await fetch(`${upstream.url}/__control/change?count=${changedEach}`, { method: 'POST' })).json()) as { changed: string[] }).changed
        .length;
      const head = await on.gw.gateway.changes.head();
      let a: number;
      let b: number;
      if (round % 2 === 0) {
        a = await refreshAll(on.gw);
        b = await refreshAll(off.gw);
      } else {
        b = await refreshAll(off.gw);
        a = await refreshAll(on.gw);
      }
      const written = await eventsAfter(on.gw.gateway.changes, head);
      log(
        `re-harvest ${round}${round === 0 ? ' (warm-up, not counted)' : ''}: ${moved} prices moved, ${written} events; ${a.toFixed(0)} ms with the feed, ${b.toFixed(0)} ms without`,
      );
      if (round === 0) continue;
      ratios.push(a / b);
      withFeed.push(a);
      without.push(b);
      events.push(written - moved);
    }
    await off.close();
    const ratio = median(ratios);
    rows.push({
      scenario: `9a. changes: re-harvest of ${served} products, 1 % changed, feed on / off`,
      rps: null,
      p50: median(withFeed),
      p99: null,
      ratio: null,
      upstreamRequests: null,
      note: `median ratio ${ratio.toFixed(2)} (rounds ${ratios.map((r) => r.toFixed(2)).join(' ')}); ${median(without).toFixed(0)} ms without the feed; ${changedEach} events a round, off by ${events.join(' ')}; first harvest ${(on.registerMs / 1000).toFixed(1)} s with the feed (every product CREATED), ${(off.registerMs / 1000).toFixed(1)} s without`,
    });
    floors.push(
      { name: `changes: re-harvest of ${served} products, time with the feed / without`, actual: ratio, bound: 1.2, kind: 'max' },
      {
        name: `changes: re-harvest, events written beyond the ${changedEach} changed (worst round)`,
        actual: Math.max(...events.map(Math.abs)),
        bound: 0,
        kind: 'max',
      },
    );
    if (parts === 'reharvest') return { rows, floors };

    // 2. /changes in pages of 500 on one connection, oldest to head, read by a child process.
    const changes = on.gw.gateway.changes;
    const oldest = await changes.oldest();
    const { read, readRate } = await readChanges(on.gw.url);
    log(`/changes: ${read} events at ${readRate.toFixed(0)} events/s (oldest cursor ${oldest ? 'set' : 'none'})`);
    rows.push({
      scenario: '9b. changes: GET /changes, pages of 500, 1 connection (Node + Redis)',
      rps: readRate,
      p50: null,
      p99: null,
      ratio: null,
      upstreamRequests: null,
      note: `${read} events, oldest to head; events/s`,
    });
    floors.push({ name: 'changes: /changes events/s, pages of 500, one connection', actual: readRate, bound: 20_000, kind: 'min' });

    // 3. Idle streams, then one event to all of them.
    const part3 = await streamsPart(on.gw, streams, upstream.url);
    rows.push(...part3.rows);
    floors.push(...part3.floors);

    // 4. The export.
    await exportPart(on.gw, served, { rows, floors });
    return { rows, floors };
  } finally {
    // A server waits for its open connections to end; five seconds each is enough for an orderly close.
    for (const close of closing.reverse()) await Promise.race([close().catch(() => {}), sleep(5000)]);
    await deleteRunKeys(redisUrl, prefix);
  }
}

/**
 * Reads `/changes?limit=500` from the oldest event to the head, page after page on one keep-alive
 * connection, in a child process (parsing the pages is the reader's work, not the gateway's).
 */
async function readChanges(url: string): Promise<{ read: number; readRate: number }> {
  const script = `
    const http = require('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path) => new Promise((resolve, reject) => http.get('${url}' + path, { agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString())) : reject(new Error('status ' + res.statusCode)));
    }).on('error', reject));
    (async () => {
      let read = 0, cursor = null, more = true;
      const started = performance.now();
      while (more) {
        const page = await get('/changes?limit=500' + (cursor ? '&after=' + encodeURIComponent(cursor) : ''));
        read += page.data.length; cursor = page.next; more = page.hasMore;
      }
      console.log(JSON.stringify({ read, seconds: (performance.now() - started) / 1000 }));
      process.exit(0);
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const reader = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  reader.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => reader.once('close', resolve));
  if (code !== 0) throw new Error(`the /changes reader exited with ${code}`);
  const { read, seconds } = JSON.parse(out) as { read: number; seconds: number };
  return { read, readRate: read / seconds };
}

/** Part 3 on the gateway that records changes: its row and floors. */
async function streamsPart(gw: TestGateway, streams: number, upstreamUrl: string): Promise<ChangesFigures> {
  const ids = SYNTHETIC_ECONOMIES.map((e) => `${e.economy.toLowerCase()}-synthetic`);
  const stream = await streamsRun(gw, streams, upstreamUrl, ids);
  const rows: Row[] = [
    {
      scenario: `9c. changes: ${streams} idle /changes/stream clients, one new event`,
      rps: null,
      p50: stream.p50,
      p99: stream.p99,
      ratio: null,
      upstreamRequests: null,
      note: `${(stream.jsPerStream / 1024).toFixed(1)} KiB heap + external + buffers per idle stream, RSS ${(stream.rssPerStream / 1024).toFixed(1)} KiB; latency from the event readable in the log to each client's receipt (p99 from its append, the re-harvest of the other connectors still running: ${stream.appendP99.toFixed(0)} ms); ${stream.received} of ${streams} received`,
    },
  ];
  const floors: Floor[] = [
    { name: `changes: ${streams} streams, new event to all, p99 ms`, actual: stream.p99, bound: 1000, kind: 'max' },
    { name: 'changes: KB per idle stream (heap + external + buffers)', actual: stream.jsPerStream / 1000, bound: 20, kind: 'max' },
    { name: 'changes: streams that received the event', actual: stream.received, bound: streams, kind: 'min' },
  ];
  return { rows, floors };
}

/** Opens `count` streams from a child process, measures their memory idle, then times one event to all. */
async function streamsRun(gw: TestGateway, count: number, upstreamUrl: string, ids: string[]) {
  const tail = tailOf(gw.gateway.changes);
  // One stream first, so that code paths and the tail are warm and not counted per stream.
  const warm = await fetch(`${gw.url}/changes/stream`);
  const reader = warm.body!.getReader();
  await reader.read();
  await reader.cancel();
  for (let i = 0; i < 500 && tail.followers > 0; i++) await sleep(20);
  const before = await settle();
  const clients: ChildProcess = spawn(
    process.execPath,
    [
      '-e',
      `const http = require('node:http');
       const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
       const times = [];
       let open = 0;
       for (let i = 0; i < ${count}; i++) {
         http.get('${gw.url}/changes/stream', { agent, headers: { accept: 'text/event-stream' } }, (res) => {
           let seen = false;
           res.once('data', () => { if (++open === ${count}) console.log('open'); });
           res.on('data', (chunk) => {
             if (seen || !chunk.toString().includes('event: ovop.product')) return;
             seen = true;
             times.push(performance.timeOrigin + performance.now());
             if (times.length === ${count}) console.log(JSON.stringify(times));
           });
         });
       }
       process.stdin.on('data', () => { console.log(JSON.stringify(times)); process.exit(0); });`,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let output = '';
  clients.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  for (let i = 0; i < 3000 && !output.includes('open'); i++) await sleep(20);
  for (let i = 0; i < 3000 && tail.followers < count; i++) await sleep(20);
  const after = await settle();
  const jsPerStream = (after.js - before.js) / count;
  const rssPerStream = (after.rss - before.rss) / count;
  log(`${tail.followers} idle streams: ${(jsPerStream / 1024).toFixed(1)} KiB JS each, RSS ${(rssPerStream / 1024).toFixed(1)} KiB each`);

  // One price moves upstream; the refresh writes its event; the moment it is readable is the start.
  const changes = gw.gateway.changes;
  const head = await changes.head();
  await fetch(`${upstreamUrl}/__control/change?count=1`, { method: 'POST' });
  let written = 0;
  let appended = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const page = await changes.read({ after: head, limit: 1 });
      const [entry] = page.entries;
      if (entry) {
        // Also the entry's own time, its stream id's milliseconds (the gateway's clock as it appended):
        // this process is busy harvesting the other connectors, so its poll (and the tail's) may come late.
        appended = Number(decodeCursor(entry.cursor).get(entry.change.economy)!.split('-')[0]);
        return now();
      }
      await sleep(5);
    }
    return 0;
  })();
  await Promise.all(ids.map((id) => gw.gateway.federation.refresh(id)));
  written = await watch.finally(() => {
    watching = false;
  });
  const lineOf = () => output.split('\n').find((l) => l.startsWith('['));
  for (let i = 0; i < 250 && !lineOf(); i++) await sleep(20);
  if (!lineOf()) clients.stdin!.write('x');
  for (let i = 0; i < 250 && !lineOf(); i++) await sleep(20);
  const times = JSON.parse(lineOf() ?? '[]') as number[];
  clients.stdin!.write('x');
  await new Promise((resolve) => (clients.exitCode === null ? clients.once('exit', resolve) : resolve(null)));
  for (let i = 0; i < 500 && tail.followers > 0; i++) await sleep(20);
  const latencies = times.map((t) => Math.max(0, t - written));
  const fromAppend = times.map((t) => Math.max(0, t - appended));
  log(
    `one event to ${times.length} of ${count} streams: p50 ${percentile(latencies, 50)?.toFixed(0)} ms, p99 ${percentile(latencies, 99)?.toFixed(0)} ms; from its append, p50 ${percentile(fromAppend, 50)?.toFixed(0)} ms, p99 ${percentile(fromAppend, 99)?.toFixed(0)} ms`,
  );
  return {
    appendP99: fromAppend.length ? percentile(fromAppend, 99) : Number.POSITIVE_INFINITY,
    jsPerStream,
    rssPerStream,
    received: times.length,
    p50: latencies.length ? percentile(latencies, 50) : Number.POSITIVE_INFINITY,
    p99: latencies.length ? percentile(latencies, 99) : Number.POSITIVE_INFINITY,
  };
}

/** Part 4: the export's row and floors. */
async function exportPart(gw: TestGateway, served: number, { rows, floors }: ChangesFigures) {
  const exported = await exportRun(gw);
  rows.push({
    scenario: `9d. changes: GET /exports/products.ndjson, ${exported.products} products`,
    rps: exported.rate,
    p50: null,
    p99: null,
    ratio: null,
    upstreamRequests: null,
    note: `products/s; RSS ${(exported.rssBefore / 1048576).toFixed(0)} MiB before, peak ${(exported.rssPeak / 1048576).toFixed(0)} MiB during (+${((exported.rssPeak - exported.rssBefore) / 1e6).toFixed(0)} MB; at the peak, MB: ${splitText(exported.split)}); ${(exported.bytes / 1e6).toFixed(0)} MB of NDJSON`,
  });
  floors.push(
    { name: `changes: export products/s (${exported.products})`, actual: exported.rate, bound: 20_000, kind: 'min' },
    { name: 'changes: export, resident MB above idle', actual: (exported.rssPeak - exported.rssBefore) / 1e6, bound: 100, kind: 'max' },
    { name: 'changes: export, products exported of those served', actual: exported.products, bound: served, kind: 'min' },
  );
}

/**
 * Reads the whole export `BENCH_CHANGES_EXPORTS` times (default 3) with curl in a child process (so
 * that reading is not this process's work), counting lines; the rate is the median run's, RSS the
 * peak over all runs above the settled RSS before the first.
 */
async function exportRun(gw: TestGateway) {
  const runs = Number(process.env.BENCH_CHANGES_EXPORTS ?? 3);
  const url = `${gw.url}/exports/products.ndjson`;
  const read = () =>
    new Promise<{ products: number; bytes: number }>((resolve, reject) => {
      const reader = spawn('sh', ['-c', `curl -sS --no-buffer '${url}' | wc -lc`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      reader.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      reader.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      reader.once('close', (code) => {
        const [lines, bytes] = out.trim().split(/\s+/).map(Number);
        if (code === 0 && Number.isFinite(lines)) resolve({ products: lines!, bytes: bytes! });
        else reject(new Error(`curl: ${out.slice(0, 300)}`));
      });
    });
  await read();
  const rssBefore = (await settle()).rss;
  const start = process.memoryUsage();
  let rssPeak = rssBefore;
  // What the RSS is made of at its peak: V8's heap (used and reserved), and memory outside it.
  const split = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss <= rssPeak) return;
    rssPeak = m.rss;
    for (const key of Object.keys(split) as Array<keyof typeof split>) split[key] = m[key] - start[key];
  }, 20);
  const rates: number[] = [];
  let last = { products: 0, bytes: 0 };
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await read();
    const seconds = (performance.now() - started) / 1000;
    rates.push(last.products / seconds);
    log(
      `export: ${last.products} products in ${seconds.toFixed(2)} s, ${(last.products / seconds).toFixed(0)} products/s; RSS peak +${((rssPeak - rssBefore) / 1e6).toFixed(0)} MB (${splitText(split)})`,
    );
  }
  clearInterval(sampler);
  return { products: last.products, bytes: last.bytes, rate: median(rates), rssBefore, rssPeak, split };
}

/** Megabytes above the settled figures, at the RSS's peak. */
const splitText = (split: Record<string, number>) =>
  Object.entries(split)
    .map(([key, bytes]) => `${key} ${bytes >= 0 ? '+' : ''}${(bytes / 1e6).toFixed(0)}`)
    .join(', ');

runAsChild(child);
