import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './helpers/redis';
import { phManifest, startEconomyServer, type EconomyServer } from './helpers/economy-server';
import { serveOnFreePort, type Served } from './helpers/serve';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];
const servers: Served[] = [];

interface Running {
  child: ChildProcess;
  url: string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Starts gateway/runtime/node/main.ts (which loads server.ts) as `npm start` does, in its own process. */
function spawnGateway(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/runtime/node/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${env.PORT}`, stderr: () => stderr, exited };
}

async function until(check: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn'));

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const server of servers.splice(0)) await server.close();
});

describe('the Node server as shipped (gateway/runtime/node/main.ts → server.ts)', () => {
  it('a port already in use: one line on stderr saying so, exit code 1, no stack trace', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const gw = spawnGateway({ PORT: String(port), LOG_LEVEL: 'warn' });
      expect(await gw.exited).toBe(1);
      const out = lines(gw.stderr());
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^ovop-gateway: start failed: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
      expect(gw.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('bad configuration: one line naming every bad variable, exit code 1', async () => {
    const gw = spawnGateway({ PORT: 'eighty', LOG_LEVEL: 'loud', OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' });
    expect(await gw.exited).toBe(1);
    const out = lines(gw.stderr());
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^ovop-gateway: start failed: invalid configuration: /);
    for (const name of ['PORT', 'LOG_LEVEL', 'OTEL_EXPORTER_OTLP_ENDPOINT']) expect(out[0]).toContain(name);
  });

  it('SIGTERM: /readyz 503 at once, new connections refused after the grace, the slow request in flight answered 200, exit 0', async () => {
    // An economy's server that takes a second per page: a dry run of its manifest is a slow request.
    const economy: EconomyServer = await startEconomyServer();
    servers.push(economy);
    let pagesAsked = 0;
    const slowServer = await serveOnFreePort(async (request) => {
      pagesAsked++;
      await new Promise((r) => setTimeout(r, 1000));
      const url = new URL(request.url);
      return fetch(`${economy.url}${url.pathname}${url.search}`);
    });
    servers.push(slowServer);
    const admin = 'shutdown-test-admin-token-0123';
    const port = String(await freePort());
    const gw = spawnGateway({
      PORT: port,
      GATEWAY_ADMIN_TOKEN: admin,
      ALLOW_PRIVATE_UPSTREAMS: 'true',
      // Long enough that /readyz can be seen answering 503 on a loaded machine, short beside the slow request.
      SHUTDOWN_GRACE_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: '15000',
    });
    // Starting through tsx on a loaded machine can take a while: a bound on hanging, not a claim about start-up time.
    await until(async () => (await fetch(`${gw.url}/readyz`)).ok, 60_000);
    const graphql = (query: string, variables: object, token: string) =>
      fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
    const key = ((await (await graphql('mutation($e: String!) { createEconomyKey(economy: $e) { key } }', { e: 'PH' }, admin)).json()) as any).data
      .createEconomyKey.key as string;

    let settled = false;
    const slow = graphql('mutation($m: JSON!) { validateManifest(manifest: $m) { ok sampled } }', { m: phManifest(slowServer.url) }, key).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as any,
      settled: (settled = true),
    }));
    // The slow request is in flight once the gateway has asked the slow server for a page.
    await until(async () => pagesAsked > 0);

    gw.child.kill('SIGTERM');
    // Until the signal is handled /readyz still answers 200; then 503, within the grace.
    const status = () =>
      fetch(`${gw.url}/readyz`, { headers: { connection: 'close' } }).then(
        (r) => r.status,
        (error: Error) => (error.cause as NodeJS.ErrnoException)?.code ?? error.message,
      );
    let readyz: number | string = 200;
    await until(async () => (readyz = await status()) !== 200);
    expect(readyz).toBe(503);

    // After the grace, new connections are refused, while the slow request is still being answered.
    const healthz = () =>
      fetch(`${gw.url}/healthz`, { headers: { connection: 'close' } }).then(
        () => 'answered',
        (error: Error) => (error.cause as NodeJS.ErrnoException)?.code ?? error.message,
      );
    await until(async () => (await healthz()) === 'ECONNREFUSED');
    expect(settled).toBe(false);

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body.data.validateManifest.sampled).toBeGreaterThan(5);
    expect(await gw.exited).toBe(0);
    expect(gw.stderr()).toContain('"message":"shut down"');
  }, 120_000);
});
