import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import type { RegistryStore } from '../gateway/stores/ports';
import { startEconomyServer, thManifest, type EconomyServer } from './helpers/economy-server';
import { startGateway, type TestGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';

/**
 * Registrations reach the other instances through a registry version: an instance reads one small
 * value now and then, and the connector records only when that version moved (before, it listed
 * every manifest every two seconds, through a callback into the registrations).
 */
const ADMIN = 'operator-token-for-registry-version-tests';
const env = { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' };
const redis = await resolveRedis();
let economy: EconomyServer;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  economy = await startEconomyServer();
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await economy?.close();
  await redis.stop?.();
});

/**
 * The registry store with its reads counted: full listings (the reads that grow with the number of
 * registrations) and reads of the registry version (the one small value kept under kind "meta").
 */
function counting(store: RegistryStore) {
  const counts = { list: 0, version: 0 };
  return {
    counts,
    store: {
      ...store,
      list: (kind: string) => (counts.list++, store.list(kind)),
      get: (kind: string, id: string) => (kind === 'meta' && counts.version++, store.get(kind, id)),
    } satisfies RegistryStore,
  };
}

async function instance(prefix: string): Promise<{ gateway: TestGateway; counts: { list: number; version: number } }> {
  const stores = await connectRedisStores(redis.url!, prefix);
  const { counts, store } = counting(stores.registry);
  const gateway = await startGateway(env, { stores: { cache: stores.cache, registry: store } });
  closers.push(async () => (await gateway.close(), await stores.close()));
  return { gateway, counts };
}

const connectorIds = async (g: TestGateway) => ((await g.graphql('{ connectors { id } }')).data.connectors as Array<{ id: string }>).map((c) => c.id);

describe.skipIf(!redis.url)('registrations across instances on one Redis', () => {
  it('reach the other instance, removals too, and an idle registry is not listed again', { timeout: 30_000 }, async () => {
    const prefix = uniquePrefix();
    const a = await instance(prefix);
    const b = await instance(prefix);
    await connectorIds(b.gateway);
    const listed = b.counts.list;
    // Idle: B reads the version again and again (asked while traffic goes on), and never lists.
    const read = b.counts.version;
    await expect.poll(async () => (await connectorIds(b.gateway), b.counts.version - read), { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    expect(b.counts.list - listed).toBe(0);

    const key = (await a.gateway.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` })).data
      .createEconomyKey.key;
    const registered = await a.gateway.graphql(
      'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { status } } }',
      { m: thManifest(economy.url) },
      { authorization: `Bearer ${key}` },
    );
    expect(registered.data.registerConnector.connector.status).toBe('UP');
    await expect.poll(() => connectorIds(b.gateway), { timeout: 10_000, interval: 100 }).toContain('th-otop');

    await a.gateway.graphql('mutation { removeConnector(id: "th-otop") }', {}, { authorization: `Bearer ${key}` });
    await expect.poll(() => connectorIds(b.gateway), { timeout: 10_000, interval: 100 }).not.toContain('th-otop');
  });
});
