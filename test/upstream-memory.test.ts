import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thManifest } from './helpers/economy-server';
import { startHostileUpstream, type HostileUpstream } from './helpers/hostile-upstream';
import { until } from './helpers/until';

/**
 * A 300 MB upstream body against the gateway as shipped (`gateway/runtime/node/main.ts`), in its own
 * process, so that its resident memory is its own: the body must be refused at the cap while it
 * streams, and the process must stay within 150 MB above idle.
 */
const ADMIN = 'operator-token-for-the-memory-attack';
let hostile: HostileUpstream;
let child: ChildProcess;
let base: string;
let log = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Resident set size of a process in MB, from /proc. */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function graphql(query: string, variables: Record<string, unknown>, key: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

beforeAll(async () => {
  hostile = await startHostileUpstream();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'gateway/runtime/node/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk) => (log += chunk));
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the gateway did not start: ${log}`);
}, 60_000);
afterAll(async () => {
  child?.kill('SIGTERM');
  await hostile?.close();
});

describe.skipIf(process.platform !== 'linux')('an upstream that streams 300 MB (RSS read from /proc)', () => {
  it('is refused at the byte cap while it streams, and the gateway stays within 150 MB above idle', async () => {
    const key = (await graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, ADMIN)).data.createEconomyKey.key;
    const VALIDATE = 'mutation($m: JSON!) { validateManifest(manifest: $m) { ok issues { path message } } }';
    // Warm up every code path once, then measure idle.
    await graphql(VALIDATE, { m: thManifest(hostile.url) }, key);
    await graphql('{ products(first: 20) { totalCount } }', {}, key);
    // Idle is where RSS settles: two readings 100 ms apart within 1 MB.
    let last = Number.NaN;
    const settled = () => {
      const now = rssMb(child.pid!);
      const steady = Math.abs(now - last) < 1;
      last = now;
      return steady;
    };
    await until('RSS to settle before measuring idle', settled, { interval: 100 });
    const idle = rssMb(child.pid!);
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 25);
    const manifest = { ...thManifest(hostile.url), source: { url: `${hostile.url}/huge?mb=300`, format: 'json', items: 'items' } };
    const started = Date.now();
    const { data } = await graphql(VALIDATE, { m: manifest }, key);
    const elapsed = Date.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(child.pid!));
    console.log(
      `300 MB body: idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (+${(peak - idle).toFixed(0)} MB), ` +
        `${(hostile.hugeBytesSent() / 2 ** 20).toFixed(0)} MB sent by the upstream, answered in ${elapsed} ms`,
    );
    expect(data.validateManifest.ok).toBe(false);
    expect(data.validateManifest.issues[0].message).toMatch(/exceeded 32 MiB/);
    expect(peak - idle).toBeLessThan(150);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  }, 120_000);
});
