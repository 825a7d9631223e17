import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CatalogueIndex } from '../gateway/federation/catalogue/catalogue-index';
import { MemoryRateLimiter, withFallback } from '../gateway/limits/rate-limiter';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { startGateway, type TestGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';

const logs: Array<Record<string, unknown>> = [];
let server: TestGateway;
beforeAll(async () => {
  server = await startGateway({}, { log: (level, message, fields) => void logs.push({ level, message, ...fields }) });
});
afterAll(() => server.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('limits', () => {
  it('refuses a body over 1 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ query: `{ products { totalCount } } # ${'x'.repeat(1024 * 1024)}` });
    const response = await post(big);
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses over-deep introspection with QUERY_TOO_COMPLEX (the schema itself nests 6 deep at most)', async () => {
    const deep = '{ products { edges { node { compliance(destination: "JP") { checks { code } } } } } }';
    expect((await server.graphql(deep)).errors).toBeUndefined();
    const nest = (n: number): string => (n === 0 ? 'name' : `ofType { ${nest(n - 1)} }`);
    const { errors } = await server.graphql(`{ __schema { types { fields { type { ${nest(18)} } } } } }`);
    expect(errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });

  it('counts list sizes through nesting and aliases', async () => {
    const one = 'products(first: 100) { edges { node { certifications { scheme } names { value } compliance(destination: "JP") { checks { code } } } } }';
    expect((await server.graphql(`{ a: ${one} }`)).errors).toBeUndefined();
    const { errors } = await server.graphql(`{ ${Array.from({ length: 6 }, (_, i) => `a${i}: ${one}`).join(' ')} }`);
    expect(errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('bounds aliases', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `a${i}: categories { code }`).join(' ');
    expect((await server.graphql(`{ ${many} }`)).errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('does not accept batched operations', async () => {
    const response = await post(JSON.stringify([{ query: '{ categories { code } }' }, { query: '{ categories { code } }' }]));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('errors and tracing', () => {
  it('masks an unexpected error as INTERNAL_SERVER_ERROR and logs it with the request id', async () => {
    const lookup = vi.spyOn(CatalogueIndex.prototype, 'lookup').mockImplementation(() => {
      throw new Error('secret internal detail at /srv/gateway');
    });
    const response = await post(JSON.stringify({ query: '{ product(id: "vn-ocop:LS-0001") { id } }' }), { 'x-request-id': 'portal-req-000123' });
    lookup.mockRestore();
    const text = await response.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(text).not.toContain('secret internal detail');
    expect(text).not.toContain('/srv/gateway');
    expect(response.headers.get('x-request-id')).toBe('portal-req-000123');
    expect(logs).toContainEqual(expect.objectContaining({ requestId: 'portal-req-000123', error: expect.stringContaining('secret internal detail') }));
  });

  it('answers every response with X-Request-Id and Server-Timing per connector', async () => {
    for (const path of ['/healthz', '/vocab', '/products/nope', '/graphql?query=%7Bcategories%7Bcode%7D%7D']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    await server.graphql('{ products { totalCount } }');
    const timing = (await fetch(`${server.url}/vocab`)).headers.get('server-timing')!;
    expect(timing).toMatch(/^total;dur=[\d.]+/);
    for (const id of ['jp-ovop', 'id-ovop', 'my-ovop', 'vn-ocop']) expect(timing).toContain(`${id};desc="last harvest";dur=`);
  });

  it('refuses a forged or edited cursor with BAD_USER_INPUT', async () => {
    const { data } = await server.graphql('{ products(first: 2) { pageInfo { endCursor } } }');
    const cursor: string = data.products.pageInfo.endCursor;
    const [body, mac] = cursor.split('.');
    const edited = `${btoa(atob(body!.replace(/-/g, '+').replace(/_/g, '/')).replace(/:1$/, ':99')).replace(/=+$/, '')}.${mac}`;
    for (const after of [edited, `${body}.AAAAAAAAAAAAAAAAAAAAAA`, `${body}`]) {
      const { errors } = await server.graphql('query($a: String) { products(first: 2, after: $a) { totalCount } }', { a: after });
      expect(errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('rate limiting', async () => {
  // Clients told apart by the address a trusted proxy saw (TRUST_PROXY=1): made-up bearer tokens would all be one address.
  const burst = async (g: TestGateway, address: string, n: number) =>
    Promise.all(Array.from({ length: n }, () => fetch(`${g.url}/graphql?query=%7Bcategories%7Bcode%7D%7D`, { headers: { 'x-forwarded-for': address } })));

  it('limits one client burst while another client is served', async () => {
    const g = await startGateway({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '5', TRUST_PROXY: '1' });
    const [noisy, quiet] = await Promise.all([burst(g, '203.0.113.1', 30), burst(g, '203.0.113.2', 5)]);
    const limited = noisy.filter((r) => r.status === 429);
    expect(limited.length).toBe(25);
    expect(limited[0]!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited[0]!.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(quiet.every((r) => r.status === 200)).toBe(true);
    await g.close();
  });

  const redis = await resolveRedis();
  it.skipIf(!redis.url)('shares one atomic token bucket per client across instances through Redis', async () => {
    const stores = await connectRedisStores(redis.url!, uniquePrefix());
    const policy = { perSecond: 1, burst: 8 };
    const limiter = withFallback(stores.rateLimiter(policy), new MemoryRateLimiter(policy));
    const env = { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '8', TRUST_PROXY: '1' };
    const a = await startGateway(env, { limiter });
    const b = await startGateway(env, { limiter: withFallback(stores.rateLimiter(policy), new MemoryRateLimiter(policy)) });
    const answers = [...(await burst(a, '203.0.113.3', 6)), ...(await burst(b, '203.0.113.3', 6))];
    expect(answers.filter((r) => r.status === 200)).toHaveLength(8);
    expect((await burst(b, '203.0.113.4', 3)).every((r) => r.status === 200)).toBe(true);
    await Promise.all([a.close(), b.close(), stores.close(), redis.stop?.()]);
  });
});
