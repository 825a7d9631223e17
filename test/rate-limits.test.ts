import { afterAll, describe, expect, it } from 'vitest';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { MemoryRateLimiter, withFallback } from '../gateway/limits/rate-limiter';
import { MemoryCache, MemoryRegistry } from '../gateway/stores/memory';
import { startGateway, type TestGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';

/**
 * Rate limits keyed on who the caller really is, over real HTTP: a bearer token counts only once
 * it authenticates; anything else counts against the client address, read as TRUST_PROXY says.
 */

const ADMIN = 'operator-token-for-rate-limit-tests';
// A slow refill (one token per 100 s), so that a loaded machine's slowness never refills a bucket mid-test.
const LIMITS = { RATE_LIMIT_PER_SECOND: '0.01', RATE_LIMIT_BURST: '10', GATEWAY_ADMIN_TOKEN: ADMIN };
const random = () => crypto.randomUUID().replace(/-/g, '');

/** Sends `n` cheap queries, `concurrency` at a time, with the headers `headersOf(i)` gives; returns the statuses. */
async function flood(g: TestGateway, n: number, headersOf: (i: number) => Record<string, string> = () => ({}), concurrency = 50): Promise<number[]> {
  const statuses: number[] = [];
  for (let start = 0; start < n; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, n - start) }, (_, j) =>
      fetch(`${g.url}/graphql?query=%7B__typename%7D`, { headers: headersOf(start + j), signal: AbortSignal.timeout(10_000) }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      }),
    );
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}
const served = (statuses: number[]) => statuses.filter((s) => s === 200).length;
const limited = (statuses: number[]) => statuses.filter((s) => s === 429).length;

async function createClientKey(g: TestGateway, name: string, requestsPerSecond: number): Promise<string> {
  const { data, errors } = await g.graphql(
    'mutation($name: String!, $rps: Int!) { createClientKey(name: $name, requestsPerSecond: $rps) { name key requestsPerSecond } }',
    { name, rps: requestsPerSecond },
    { authorization: `Bearer ${ADMIN}` },
  );
  expect(errors).toBeUndefined();
  expect(data.createClientKey).toMatchObject({ name, requestsPerSecond });
  return data.createClientKey.key;
}

const open: Array<{ close(): Promise<unknown> | unknown }> = [];
afterAll(async () => {
  for (const thing of open.reverse()) await thing.close();
});
const start = async (env: Record<string, string> = {}, extra = {}) => {
  const g = await startGateway({ ...LIMITS, ...env }, extra);
  open.push(g);
  return g;
};

describe('rate limits over HTTP', () => {
  it('limits 600 requests with made-up bearer tokens from one address exactly as with no token', async () => {
    const anonymous = await start();
    const started = Date.now();
    const plain = await flood(anonymous, 600);
    const plainSeconds = (Date.now() - started) / 1000;
    // Count the registry reads the made-up tokens cause: only as many as the address may pay for.
    const registry = new MemoryRegistry();
    let reads = 0;
    const get = registry.get.bind(registry);
    registry.get = (kind, id) => (reads++, get(kind, id));
    const bearers = await start({}, { stores: { cache: new MemoryCache(), registry } });
    const started2 = Date.now();
    const madeUp = await flood(bearers, 600, () => ({ authorization: `Bearer ${random()}` }));
    // Two kinds of key (client, economy) per token looked up: the burst's 10, and 5 more from the look-up bucket.
    expect(reads).toBeLessThanOrEqual(2 * (10 + 5 + 2));
    const madeUpSeconds = (Date.now() - started2) / 1000;
    // Burst 10, then one per 100 s: at most 10 + the tokens refilled meanwhile, whatever the token.
    expect(served(plain)).toBeLessThanOrEqual(10 + Math.ceil(plainSeconds / 100));
    expect(served(madeUp)).toBeLessThanOrEqual(10 + Math.ceil(madeUpSeconds / 100));
    expect(served(madeUp)).toBeGreaterThanOrEqual(10);
    expect(limited(madeUp)).toBeGreaterThanOrEqual(600 - 10 - Math.ceil(madeUpSeconds / 100));
    expect(served(madeUp)).toBe(served(plain));
    expect(madeUp.every((s) => s === 200 || s === 429)).toBe(true);
  });

  it('with TRUST_PROXY=1, separates clients by X-Forwarded-For, and a spoofed leftmost entry changes nothing', async () => {
    const g = await start({ TRUST_PROXY: '1' });
    const a = await flood(g, 30, () => ({ 'x-forwarded-for': '203.0.113.7' }));
    const b = await flood(g, 5, () => ({ 'x-forwarded-for': '198.51.100.9' }));
    expect(limited(a)).toBeGreaterThanOrEqual(19);
    expect(served(b)).toBe(5);
    // The proxy appends the address it saw; what the client wrote before it is not trusted.
    const spoofed = await flood(g, 30, (i) => ({ 'x-forwarded-for': `10.9.${i}.1, 192.0.2.44` }));
    expect(limited(spoofed)).toBeGreaterThanOrEqual(19);
    // A malformed entry falls back to the socket address, never to a bucket of its own.
    const malformed = await flood(g, 30, (i) => ({ 'x-forwarded-for': `not-an-address-${i}` }));
    expect(limited(malformed)).toBeGreaterThanOrEqual(19);
  });

  it('without TRUST_PROXY, ignores X-Forwarded-For and CF-Connecting-IP', async () => {
    const g = await start();
    const statuses = await flood(g, 40, (i) => ({ 'x-forwarded-for': `203.0.113.${i}`, 'cf-connecting-ip': `198.51.100.${i}` }));
    expect(limited(statuses)).toBeGreaterThanOrEqual(29);
  });

  it('with TRUST_PROXY=cloudflare, separates clients by CF-Connecting-IP', async () => {
    const g = await start({ TRUST_PROXY: 'cloudflare' });
    const a = await flood(g, 30, () => ({ 'cf-connecting-ip': '203.0.113.8' }));
    const b = await flood(g, 5, () => ({ 'cf-connecting-ip': '2001:db8::1' }));
    expect(limited(a)).toBeGreaterThanOrEqual(19);
    expect(served(b)).toBe(5);
  });

  it('gives a client key its own, higher quota, created by the operator and shown once', async () => {
    const g = await start();
    const key = await createClientKey(g, 'portal-server', 500);
    expect(key.length).toBeGreaterThanOrEqual(40);
    // The address is spent by anonymous traffic; the key holder is still served, far past the default burst.
    const anonymous = await flood(g, 40);
    expect(limited(anonymous)).toBeGreaterThanOrEqual(25);
    const portal = await flood(g, 200, () => ({ authorization: `Bearer ${key}` }));
    expect(served(portal)).toBe(200);
    // A made-up token next to it is still the address.
    const madeUp = await flood(g, 5, () => ({ authorization: `Bearer ${random()}` }));
    expect(served(madeUp)).toBe(0);
  });

  it('refuses createClientKey without the operator token, and bad quotas', async () => {
    const g = await start();
    const mutation = 'mutation { createClientKey(name: "x", requestsPerSecond: 5) { key } }';
    expect((await g.graphql(mutation)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await g.graphql(mutation, {}, { authorization: `Bearer ${random()}` })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = await g.graphql('mutation { createClientKey(name: "x", requestsPerSecond: 0) { key } }', {}, { authorization: `Bearer ${ADMIN}` });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

const redis = await resolveRedis();
describe('a burst from one client, and one bucket across instances', () => {
  // Clients told apart by the address a trusted proxy saw (TRUST_PROXY=1): made-up bearer tokens would all be one address.
  const burst = async (g: TestGateway, address: string, n: number) =>
    Promise.all(Array.from({ length: n }, () => fetch(`${g.url}/graphql?query=%7Bcategories%7Bcode%7D%7D`, { headers: { 'x-forwarded-for': address } })));

  it('limits one client burst while another client is served', async () => {
    const g = await startGateway({ RATE_LIMIT_PER_SECOND: '0.01', RATE_LIMIT_BURST: '5', TRUST_PROXY: '1' });
    const [noisy, quiet] = await Promise.all([burst(g, '203.0.113.1', 30), burst(g, '203.0.113.2', 5)]);
    const refused = noisy.filter((r) => r.status === 429);
    expect(refused.length).toBe(25);
    expect(refused[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await refused[0]!.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(quiet.every((r) => r.status === 200)).toBe(true);
    await g.close();
  });

  it.skipIf(!redis.url)('shares one atomic token bucket per client across instances through Redis', async () => {
    const stores = await connectRedisStores(redis.url!, uniquePrefix());
    const policy = { perSecond: 0.01, burst: 8 };
    const limiter = withFallback(stores.rateLimiter(policy), new MemoryRateLimiter(policy));
    const env = { RATE_LIMIT_PER_SECOND: '0.01', RATE_LIMIT_BURST: '8', TRUST_PROXY: '1' };
    const a = await startGateway(env, { limiter });
    const b = await startGateway(env, { limiter: withFallback(stores.rateLimiter(policy), new MemoryRateLimiter(policy)) });
    const answers = [...(await burst(a, '203.0.113.3', 6)), ...(await burst(b, '203.0.113.3', 6))];
    expect(answers.filter((r) => r.status === 200)).toHaveLength(8);
    expect((await burst(b, '203.0.113.4', 3)).every((r) => r.status === 200)).toBe(true);
    await Promise.all([a.close(), b.close(), stores.close()]);
  });
});

describe.skipIf(!redis.url)('client keys on a real Redis', () => {
  afterAll(() => redis.stop?.());

  it('survive a gateway restart: the new process still gives the key its own quota', async () => {
    const prefix = uniquePrefix();
    const connect = async () => {
      const stores = await connectRedisStores(redis.url!, prefix);
      const policy = { perSecond: 0.01, burst: 10 };
      return {
        stores,
        extra: { stores: { cache: stores.cache, registry: stores.registry }, limiter: withFallback(stores.rateLimiter(policy), new MemoryRateLimiter(policy)) },
      };
    };
    const first = await connect();
    const a = await startGateway({ ...LIMITS, REDIS_URL: redis.url! }, first.extra);
    const key = await createClientKey(a, 'portal-server', 500);
    await a.close();
    await first.stores.close();

    const second = await connect();
    const b = await startGateway({ ...LIMITS, REDIS_URL: redis.url! }, second.extra);
    open.push(b, second.stores);
    expect(served(await flood(b, 1, () => ({ authorization: `Bearer ${key}` })))).toBe(1);
    expect(limited(await flood(b, 40))).toBeGreaterThanOrEqual(25);
    expect(served(await flood(b, 100, () => ({ authorization: `Bearer ${key}` })))).toBe(100);
  });
});
