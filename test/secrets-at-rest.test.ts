import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { startEconomyServer, TH_API_KEY, thManifest, type EconomyServer } from './helpers/economy-server';
import { startGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';

/**
 * Issue 28, found by reading: economies' upstream secret headers sat in Redis as typed. With
 * SECRETS_KEY set they are sealed (AES-GCM) before they reach the store; a second instance with the
 * same key harvests with them; the header value is nowhere in Redis in clear. Real Redis, real HTTP.
 */
const ADMIN = 'operator-token-for-the-secrets-suite';
const SECRETS_KEY = Buffer.alloc(32, 42).toString('base64');
const REGISTER = 'mutation($m: JSON!) { registerConnector(manifest: $m) { report { ok accepted } } }';
const redis = await resolveRedis();
let economy: EconomyServer;

beforeAll(async () => {
  economy = await startEconomyServer();
});
afterAll(async () => {
  await economy?.close();
  await redis.stop?.();
});

/** Every value under `prefix` in Redis, as text (strings and hashes alike). */
async function everything(prefix: string): Promise<string> {
  const client = new Redis(redis.url!);
  try {
    const keys = await client.keys(`${prefix}*`);
    const values: string[] = [];
    for (const key of keys) {
      const type = await client.type(key);
      if (type === 'string') values.push((await client.getBuffer(key))?.toString('latin1') ?? '');
      else if (type === 'hash') values.push(JSON.stringify(await client.hgetall(key)));
      else if (type === 'set') values.push(JSON.stringify(await client.smembers(key)));
      else if (type === 'zset') values.push(JSON.stringify(await client.zrange(key, '0', '-1')));
      else if (type === 'list') values.push(JSON.stringify(await client.lrange(key, 0, -1)));
    }
    return `${keys.join('\n')}\n${values.join('\n')}`;
  } finally {
    client.disconnect();
  }
}

async function register(env: Record<string, string>, prefix: string) {
  const stores = await connectRedisStores(redis.url!, prefix);
  const gw = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true', ...env }, { stores });
  const key = (await gw.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` })).data.createEconomyKey.key;
  const registered = await gw.graphql(REGISTER, { m: thManifest(economy.url) }, { authorization: `Bearer ${key}` });
  return { gw, stores, registered };
}

describe.skipIf(!redis.url)('upstream headers at rest (attack)', () => {
  it('with SECRETS_KEY, the header value is not in Redis in clear, and another instance harvests with it', async () => {
    const prefix = uniquePrefix();
    const { gw, stores, registered } = await register({ SECRETS_KEY }, prefix);
    try {
      expect(registered.data.registerConnector.report.accepted).toBeGreaterThan(0);
      const stored = await everything(prefix);
      expect(stored).toContain('th-otop');
      expect(stored).not.toContain(TH_API_KEY);
      expect(stored).not.toContain(Buffer.from(TH_API_KEY).toString('base64'));
      // A second instance with the same key reads the registration and fetches with the header.
      const other = await startGateway({ SECRETS_KEY, ALLOW_PRIVATE_UPSTREAMS: 'true' }, { stores: await connectRedisStores(redis.url!, prefix) });
      try {
        const { data } = await other.graphql('{ products(filter: { economies: ["TH"] }, first: 1) { totalCount } }');
        expect(data.products.totalCount).toBeGreaterThan(0);
      } finally {
        await other.close();
      }
    } finally {
      await gw.close();
      await stores.close();
    }
  }, 60_000);

  it('without SECRETS_KEY, they are stored as they come (the documented default)', async () => {
    const prefix = uniquePrefix();
    const { gw, stores } = await register({}, prefix);
    try {
      expect(await everything(prefix)).toContain(TH_API_KEY);
    } finally {
      await gw.close();
      await stores.close();
    }
  }, 60_000);
});
