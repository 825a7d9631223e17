import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** True when something answers PING at host:port within a second. */
async function answersPing(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/** Starts a private redis-server from PATH on a free port (optionally with an append-only file). */
export async function startRedisServer(options: { persist?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ovop-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', options.persist ? 'yes' : 'no', '--appendfsync', 'always');
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      if (await answersPing('127.0.0.1', port)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('redis-server did not start');
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  await launch();
  return { url: `redis://127.0.0.1:${port}`, port, dir, stop, restart: async () => (await stop(), await launch()) };
}

/**
 * A Redis for the suite, as docs/contract.md says: REDIS_URL (default redis://127.0.0.1:6379) when it
 * answers, else a redis-server from PATH on a free port; else the suite fails loudly in CI and is
 * skipped with a printed reason elsewhere.
 */
export async function resolveRedis(): Promise<{ url?: string; reason?: string; stop?: () => Promise<void> }> {
  const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (await answersPing(url.hostname, Number(url.port || 6379))) return { url: url.toString() };
  if (spawnSync('redis-server', ['--version']).status === 0) {
    const server = await startRedisServer();
    return { url: server.url, stop: server.stop };
  }
  const reason = `no Redis answers at ${url} and redis-server is not on PATH`;
  if (process.env.CI) throw new Error(`Redis-backed tests cannot run: ${reason}`);
  console.warn(`skipping Redis-backed tests: ${reason}`);
  return { reason };
}

/** A key prefix of this test run, so suites sharing one Redis never see each other's keys. */
export function uniquePrefix(): string {
  return `ovop-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}:v1:`;
}
