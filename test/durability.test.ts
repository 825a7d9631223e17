import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { startEconomyServer, thManifest, type EconomyServer } from './helpers/economy-server';
import { startGateway } from './helpers/gateway';
import { startRedisServer, uniquePrefix, type RedisServer } from './helpers/redis';

const ADMIN = 'operator-token-for-durability-tests';
const env = { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' };
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedisServer && process.env.CI) throw new Error('durability tests need redis-server on PATH');

describe.skipIf(!hasRedisServer)('a registration acknowledged with Redis configured', () => {
  let redis: RedisServer;
  let economy: EconomyServer;
  const prefix = uniquePrefix();
  beforeAll(async () => {
    redis = await startRedisServer({ persist: true });
    economy = await startEconomyServer();
  });
  afterAll(async () => {
    await redis.stop();
    await economy.close();
  });

  it('survives a gateway restart and a Redis restart, with its economy key', async () => {
    const first = await connectRedisStores(redis.url, prefix);
    const a = await startGateway(env, { stores: first });
    const key = (await a.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` })).data.createEconomyKey.key;
    const registered = await a.graphql(
      'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { status productCount } } }',
      { m: thManifest(economy.url) },
      { authorization: `Bearer ${key}` },
    );
    expect(registered.data.registerConnector.connector).toMatchObject({ status: 'UP', productCount: 14 });
    await a.close();
    await first.close();

    await redis.restart();

    const second = await connectRedisStores(redis.url, prefix);
    const b = await startGateway(env, { stores: second });
    const { data } = await b.graphql('{ connectors { id status productCount } products(filter: { economies: ["TH"] }) { totalCount } }');
    expect(data.connectors.find((c: any) => c.id === 'th-otop')).toMatchObject({ status: 'UP', productCount: 14 });
    expect(data.products.totalCount).toBe(14);
    const refreshed = await b.graphql('mutation { refreshConnector(id: "th-otop") { status } }', {}, { authorization: `Bearer ${key}` });
    expect(refreshed.data.refreshConnector.status).toBe('UP');
    await b.close();
    await second.close();
  });
});
