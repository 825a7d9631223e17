import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { startGateway, type TestGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';
import { startUpstreams, type TestUpstreams } from './helpers/upstreams';

/**
 * N cold instances on one Redis harvest each connector once: the first takes a lease in the store,
 * the others wait for the snapshot it shares. Counted at the national servers, over real HTTP, with
 * a real Redis.
 */
const redis = await resolveRedis();
let upstreams: TestUpstreams;

beforeAll(async () => {
  upstreams = await startUpstreams(40);
});
afterAll(async () => {
  await upstreams?.close();
  await redis.stop?.();
});

const PORTAL = '{ products(first: 5) { totalCount } connectors { id status productCount } }';

async function coldPair(prefix: string): Promise<{ gateways: TestGateway[]; close: () => Promise<void> }> {
  const stores = [await connectRedisStores(redis.url!, prefix), await connectRedisStores(redis.url!, prefix)];
  const gateways = await Promise.all(stores.map((s) => startGateway({ CATALOGUE_SOURCE: upstreams.url, ALLOW_PRIVATE_UPSTREAMS: 'true' }, { stores: s })));
  const close = async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await Promise.all(stores.map((s) => s.close()));
  };
  return { gateways, close };
}

describe.skipIf(!redis.url)('harvests across instances sharing one Redis', () => {
  it('one cold gateway alone: how many upstream requests one harvest of every connector costs', async () => {
    upstreams.reset();
    const { gateways, close } = await coldPair(uniquePrefix());
    await gateways[0]!.graphql(PORTAL);
    const one = upstreams.requests();
    await close();
    expect(Object.keys(one).length).toBeGreaterThanOrEqual(4);
    (globalThis as any).oneHarvest = one;
  });

  it('two cold gateways answering at once: every connector is harvested once, and both serve every product', async () => {
    const one = (globalThis as any).oneHarvest as Record<string, number>;
    upstreams.reset();
    const { gateways, close } = await coldPair(uniquePrefix());
    const answers = await Promise.all(gateways.map((g) => g.graphql(PORTAL)));
    expect(upstreams.requests()).toEqual(one);
    expect(answers[0]!.data.products.totalCount).toBeGreaterThan(100);
    expect(answers[1]!.data.products.totalCount).toBe(answers[0]!.data.products.totalCount);
    for (const a of answers) for (const c of a.data.connectors) expect(c.status).toBe('UP');
    await close();
  }, 30_000);
});
