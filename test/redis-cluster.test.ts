import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { DegradingCache } from '../gateway/stores/degrading-cache';
import { withFallback } from '../gateway/limits/rate-limiter';
import { createLogger } from '../gateway/log';
import { startEconomyServer, thManifest, type EconomyServer } from './helpers/economy-server';
import { startGateway, type TestGateway } from './helpers/gateway';
import { uniquePrefix } from './helpers/redis';
import { clusterToolsAvailable, startRedisCluster, type RedisCluster } from './helpers/redis-cluster';
import { startUpstreams, type TestUpstreams } from './helpers/upstreams';

const ADMIN = 'operator-token-for-cluster-tests';
const available = clusterToolsAvailable();
if (!available && process.env.CI) throw new Error('the Redis Cluster tests need redis-server and redis-cli on PATH');
if (!available) console.warn('skipping Redis Cluster tests: redis-server or redis-cli is not on PATH');

const PRODUCTS = '{ products(first: 5) { totalCount edges { node { id } } } }';

describe.skipIf(!available)('a three-master Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  let cluster: RedisCluster;
  let upstreams: TestUpstreams;
  let economy: EconomyServer;
  const opened: Array<{ close(): Promise<unknown> }> = [];
  const gateways: TestGateway[] = [];

  beforeAll(async () => {
    cluster = await startRedisCluster();
    upstreams = await startUpstreams();
    economy = await startEconomyServer();
  }, 30_000);
  afterAll(async () => {
    for (const g of gateways) await g.close();
    for (const s of opened) await s.close();
    await upstreams?.close();
    await economy?.close();
    await cluster?.stop();
  });

  const open = async (prefix: string) => {
    const stores = await connectRedisStores({ clusterNodes: cluster.nodes, prefix, commandTimeoutMs: 1000 });
    opened.push(stores);
    return stores;
  };
  const gateway = async (prefix: string, env: Record<string, string> = {}) => {
    const stores = await open(prefix);
    const g = await startGateway(
      { CATALOGUE_SOURCE: upstreams.url, ALLOW_PRIVATE_UPSTREAMS: 'true', GATEWAY_ADMIN_TOKEN: ADMIN, ...env },
      { stores: { cache: new DegradingCache(stores.cache, createLogger('error')), registry: stores.registry } },
    );
    gateways.push(g);
    return g;
  };

  it('shares snapshots: a second instance serves at once without harvesting again', async () => {
    const prefix = uniquePrefix();
    const a = await gateway(prefix);
    const first = await a.graphql(PRODUCTS);
    expect(first.data.products.totalCount).toBeGreaterThan(100);
    upstreams.state.requests.clear();
    const b = await gateway(prefix);
    const second = await b.graphql(PRODUCTS);
    expect(upstreams.total()).toBe(0);
    expect(second.data.products.totalCount).toBe(first.data.products.totalCount);
    // Every connector's snapshot is in the cluster, each on the master that owns its slot.
    const keys = cluster.ports.flatMap((p) => cluster.cli(p, 'KEYS', `${prefix}snapshot:*`).split('\n').filter(Boolean));
    expect(keys.sort()).toEqual(['id-ovop', 'jp-ovop', 'my-ovop', 'vn-ocop'].map((id) => `${prefix}snapshot:${id}`));
  });

  it('keeps registrations and economy keys: another instance sees them and accepts the key', async () => {
    const prefix = uniquePrefix();
    const a = await gateway(prefix);
    const key = (await a.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` })).data.createEconomyKey
      .key as string;
    const registered = await a.graphql(
      'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { id status productCount } } }',
      { m: thManifest(economy.url) },
      { authorization: `Bearer ${key}` },
    );
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerConnector.connector).toMatchObject({ id: 'th-otop', status: 'UP', productCount: 14 });

    const b = await gateway(prefix);
    const seen = await b.graphql('{ connectors { id status productCount } products(filter: { economies: ["TH"] }) { totalCount } }');
    expect(seen.data.connectors.find((c: { id: string }) => c.id === 'th-otop')).toMatchObject({ status: 'UP', productCount: 14 });
    expect(seen.data.products.totalCount).toBe(14);
    // The economy key works on the other instance too (it is read back from the cluster).
    const refreshed = await b.graphql('mutation { refreshConnector(id: "th-otop") { status } }', {}, { authorization: `Bearer ${key}` });
    expect(refreshed.data.refreshConnector.status).toBe('UP');
  });

  it('runs the rate-limit script on the cluster: one bucket per client, shared by every instance', async () => {
    const prefix = uniquePrefix();
    const one = await open(prefix);
    const two = await open(prefix);
    const policy = { perSecond: 1, burst: 3 };
    const limiterA = withFallback(one.rateLimiter(policy), { take: async () => ({ allowed: false, retryAfterSeconds: 99 }) });
    const limiterB = withFallback(two.rateLimiter(policy), { take: async () => ({ allowed: false, retryAfterSeconds: 99 }) });
    const answers = [await limiterA.take('ip:a'), await limiterB.take('ip:a'), await limiterA.take('ip:a'), await limiterB.take('ip:a')];
    expect(answers.map((a) => a.allowed)).toEqual([true, true, true, false]);
    expect(answers[3]!.retryAfterSeconds).toBe(1);
    // Other clients, hashed to other slots, have buckets of their own.
    for (const client of ['ip:b', 'ip:c', 'key:d']) expect((await limiterA.take(client)).allowed).toBe(true);
  });
});
