import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../gateway/log';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { DegradingCache } from '../gateway/stores/degrading-cache';
import { startGateway, type TestGateway } from './helpers/gateway';
import { freePort, uniquePrefix } from './helpers/redis';

const ADMIN = 'operator-token-for-sentinel-tests';
const available = spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;
if (!available && process.env.CI) throw new Error('the Redis Sentinel test needs redis-server and redis-cli on PATH');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cli = (port: number, ...args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout ?? '';

/** A master, its replica and one Sentinel watching them (quorum 1), on free ports. */
describe.skipIf(!available)('Redis Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME)', () => {
  const children: ChildProcess[] = [];
  let master: number;
  let replica: number;
  let sentinel: number;
  const gateways: TestGateway[] = [];
  const closers: Array<() => Promise<unknown>> = [];

  const server = async (port: number, ...extra: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'ovop-sentinel-'));
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...extra], {
      stdio: 'ignore',
    });
    children.push(child);
    for (let i = 0; i < 50 && !cli(port, 'PING').includes('PONG'); i++) await sleep(100);
    return child;
  };

  beforeAll(async () => {
    [master, replica, sentinel] = [await freePort(), await freePort(), await freePort()];
    await server(master);
    await server(replica, '--replicaof', '127.0.0.1', String(master));
    const conf = join(mkdtempSync(join(tmpdir(), 'ovop-sentinel-conf-')), 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinel}`,
        'bind 127.0.0.1',
        `sentinel monitor ovop 127.0.0.1 ${master} 1`,
        'sentinel down-after-milliseconds ovop 1000',
        'sentinel failover-timeout ovop 5000',
        '',
      ].join('\n'),
    );
    children.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    for (let i = 0; i < 100 && !cli(sentinel, 'SENTINEL', 'REPLICAS', 'ovop').includes(String(replica)); i++) await sleep(100);
  }, 30_000);
  afterAll(async () => {
    for (const g of gateways) await g.close();
    for (const close of closers) await close();
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('serves through the master the Sentinel names, and survives its failover', async () => {
    const prefix = uniquePrefix();
    for (let i = 0; i < 2; i++) {
      const stores = await connectRedisStores({ sentinels: `127.0.0.1:${sentinel}`, sentinelName: 'ovop', prefix, commandTimeoutMs: 500 });
      closers.push(() => stores.close());
      gateways.push(
        await startGateway(
          { GATEWAY_ADMIN_TOKEN: ADMIN },
          { stores: { cache: new DegradingCache(stores.cache, createLogger('error')), registry: stores.registry } },
        ),
      );
    }
    const [a, b] = gateways as [TestGateway, TestGateway];
    const createKey = (gw: TestGateway) => gw.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` });
    const check = (gw: TestGateway, key: string) => gw.graphql('mutation { removeConnector(id: "jp-ovop") }', {}, { authorization: `Bearer ${key}` });

    const before = (await createKey(a)).data.createEconomyKey.key as string;
    expect((await check(b, before)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    // The write reached the replica before the master dies.
    for (let i = 0; i < 50 && cli(replica, 'DBSIZE').trim() !== cli(master, 'DBSIZE').trim(); i++) await sleep(100);

    children[0]!.kill('SIGKILL');
    // Meanwhile every request is answered, from memory if need be (how fast is logged; the bench measures latency).
    const slowest: number[] = [];
    let promoted = false;
    for (let i = 0; i < 150 && !promoted; i++) {
      const started = performance.now();
      const answer = await b.graphql('{ products(first: 1) { totalCount } }');
      slowest.push(performance.now() - started);
      expect(answer.data.products.totalCount).toBeGreaterThan(100);
      promoted = cli(sentinel, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'ovop').includes(String(replica));
      await sleep(100);
    }
    expect(promoted).toBe(true);
    console.log(`sentinel failover: ${slowest.length} requests answered meanwhile, slowest ${Math.max(...slowest).toFixed(0)} ms`);

    // After the failover, writes are acknowledged by the new master, and nothing acknowledged is lost.
    let after: string | undefined;
    for (let i = 0; i < 50 && !after; i++) {
      after = (await createKey(a)).data?.createEconomyKey?.key;
      if (!after) await sleep(200);
    }
    expect(after).toBeDefined();
    for (const gw of gateways) for (const key of [before, after!]) expect((await check(gw, key)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  }, 60_000);
});
