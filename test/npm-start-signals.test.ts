import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/redis';
import { serveOnFreePort, type Served } from './helpers/serve';
import { phManifest, startEconomyServer, type EconomyServer } from './helpers/economy-server';

/**
 * `npm start` as a terminal runs it: Ctrl-C sends SIGINT to the whole process group (npm, its
 * shell, node), and npm forwards its own copy. The gateway drains once: the requests in flight
 * finish with 200, it exits 0, and no "second signal" cuts it short. It also says where to open it.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ADMIN = 'signals-test-admin-token-0123';
let economy: EconomyServer;
let gated: Served;
let child: ChildProcess | undefined;
afterAll(async () => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
  await gated?.close();
  await economy?.close();
});

async function until<T>(check: () => T | undefined | Promise<T | undefined>, what: string, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('npm start and Ctrl-C', () => {
  it('prints the address to open; SIGINT to the process group drains once, requests in flight answer 200, exit 0', async () => {
    // An economy's server that answers only once released: dry runs of its manifest stay in flight.
    economy = await startEconomyServer();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    gated = await serveOnFreePort(async (request) => {
      asked++;
      await released;
      const url = new URL(request.url);
      return fetch(`${economy.url}${url.pathname}${url.search}`);
    });
    const port = await freePort();
    child = spawn('npm', ['start'], {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        PORT: String(port),
        REDIS_URL: '',
        LOG_LEVEL: 'info',
        GATEWAY_ADMIN_TOKEN: ADMIN,
        ALLOW_PRIVATE_UPSTREAMS: 'true',
        UPSTREAM_TIMEOUT_MS: '30000',
        SHUTDOWN_GRACE_MS: '100',
        npm_config_loglevel: 'error',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })));

    const url = await until(() => /OVOP gateway ready: open (http:\/\/\S+\/) /.exec(stderr)?.[1], 'the start line');
    expect(url).toBe(`http://127.0.0.1:${port}/`);
    const graphql = (query: string, variables: object, token: string) =>
      fetch(`${url}graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
    const key = ((await (await graphql('mutation($e: String!) { createEconomyKey(economy: $e) { key } }', { e: 'PH' }, ADMIN)).json()) as any).data
      .createEconomyKey.key as string;
    const inFlight = Array.from({ length: 3 }, () =>
      graphql('mutation($m: JSON!) { validateManifest(manifest: $m) { ok sampled } }', { m: phManifest(gated.url) }, key).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as any,
      })),
    );
    await until(() => (asked >= 3 ? true : undefined), 'the dry runs to reach the economy server');
    // What a terminal's Ctrl-C does: SIGINT to every process of the group (npm forwards another).
    process.kill(-child.pid!, 'SIGINT');
    await until(() => (stderr.includes('shutting down') ? true : undefined), 'the drain to begin', 10_000);
    // Signals arriving together may coalesce in the kernel; another Ctrl-C's worth makes the second one certain.
    process.kill(-child.pid!, 'SIGINT');
    process.kill(-child.pid!, 'SIGTERM');
    release();

    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.data.validateManifest.sampled).toBeGreaterThan(5);
    }
    const exit = await exited;
    expect(stderr).toContain('"message":"shut down"');
    expect(stderr).not.toContain('second signal');
    expect(stderr.match(/shutting down/g)).toHaveLength(1);
    expect(stderr).toMatch(/"inFlight":3/);
    expect(exit, stderr).toEqual({ code: 0, signal: null });
  }, 120_000);
});
