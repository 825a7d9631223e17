/**
 * Resident memory of idle change streams, and export throughput: `npx tsx --expose-gc bench/change-streams.ts [streams] [exports] [synthetic]`.
 * With `synthetic` (e.g. 250000), that many synthetic products are registered first (bench/synthetic/), and one export of them is timed.
 *
 * A gateway on a free port in this process; the streams' readers in a child process (so their
 * sockets are not counted here). Memory is this process's heap, external and array buffers after
 * a full collection, before and after the streams open; the per-stream figure is the difference
 * over the count. Then GET /exports/products.ndjson is read `exports` times, products a second.
 */
import { spawn } from 'node:child_process';
import { tailOf } from '../gateway/changes/tail';
import { startGateway } from '../test/helpers/gateway';
import { registerSynthetic } from './synthetic/register';

const streams = Number(process.argv[2] ?? 1000);
const exportsToRun = Number(process.argv[3] ?? 20);
const synthetic = Number(process.argv[4] ?? 0);
const ADMIN = 'bench-operator-token-0123456789';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc (npx tsx --expose-gc bench/change-streams.ts)');

const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const m = process.memoryUsage();
  return { js: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
};

const gw = await startGateway({ ALLOW_PRIVATE_UPSTREAMS: 'true', GATEWAY_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn' });
const log = gw.gateway.changes;
if (synthetic > 0) {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const upstream = spawn(process.execPath, ['--import', 'tsx', 'bench/synthetic/upstream.ts', String(port), String(synthetic)], { stdio: 'inherit' });
  process.on('exit', () => upstream.kill());
  const upstreamUrl = `http://127.0.0.1:${port}`;
  while (
    !(await fetch(upstreamUrl).then(
      (r) => r.ok,
      () => false,
    ))
  )
    await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  const failures = await registerSynthetic({
    ask: (q, v, token) => gw.graphql(q, v, token ? { authorization: `Bearer ${token}` } : {}),
    upstreamUrl,
    admin: ADMIN,
  });
  if (failures.length) throw new Error(failures.join('; '));
  console.log(`registered ${synthetic} synthetic products in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
let index = await gw.gateway.federation.index();
// One stream first, so that code paths and the tail are warm and not counted per stream.
const warm = await fetch(`${gw.url}/changes/stream`);
const reader = warm.body!.getReader();
await reader.read();
await reader.cancel();
const tail = tailOf(log);
while (tail.followers > 0) await new Promise((resolve) => setTimeout(resolve, 20));

const before = await settle();
const clients = spawn(
  process.execPath,
  [
    '-e',
    `const http = require('node:http');
     const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
     let open = 0;
     for (let i = 0; i < ${streams}; i++) {
       http.get('${gw.url}/changes/stream', { agent }, (res) => { res.once('data', () => { if (++open === ${streams}) console.log('open'); }); });
     }
     process.stdin.on('data', () => process.exit(0));`,
  ],
  { stdio: ['pipe', 'pipe', 'inherit'] },
);
await new Promise<void>((resolve) => clients.stdout!.once('data', () => resolve()));
while (tail.followers < streams) await new Promise((resolve) => setTimeout(resolve, 20));
const after = await settle();
const perStreamJs = (after.js - before.js) / streams;
const perStreamRss = (after.rss - before.rss) / streams;
console.log(
  `${streams} idle streams: ${(perStreamJs / 1024).toFixed(1)} KiB of JS heap, external and buffers each; RSS +${(perStreamRss / 1024).toFixed(1)} KiB each`,
);
clients.stdin!.write('x');
await new Promise((resolve) => clients.once('exit', resolve));
while (tail.followers > 0) await new Promise((resolve) => setTimeout(resolve, 20));

index = await gw.gateway.federation.index();
const rssBefore = (await settle()).rss;
let products = 0;
let peak = 0;
const started = performance.now();
for (let i = 0; i < exportsToRun; i++) {
  const response = await fetch(`${gw.url}/exports/products.ndjson?currency=USD`);
  const body = response.body!.getReader();
  for (let chunk = await body.read(); !chunk.done; chunk = await body.read()) {
    for (const byte of chunk.value) if (byte === 10) products++;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `export: ${products} products (${index.size} a run × ${exportsToRun}) in ${seconds.toFixed(2)} s: ${Math.round(products / seconds)} products/s; RSS ${(rssBefore / 1048576).toFixed(0)} MiB before, peak ${(peak / 1048576).toFixed(0)} MiB during`,
);
await gw.close();
process.exit(0);
