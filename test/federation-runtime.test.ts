import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CatalogueIndex } from '../gateway/federation/catalogue/catalogue-index';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { DegradingCache } from '../gateway/stores/degrading-cache';
import { startGateway } from './helpers/gateway';
import { resolveRedis, startRedisServer, uniquePrefix } from './helpers/redis';
import { startUpstreams, type TestUpstreams } from './helpers/upstreams';

const ADMIN = 'test-operator-token-0123456789';
const PRODUCTS = '{ products(first: 100) { totalCount edges { node { id economy { code } source { stale } } } } }';

let upstreams: TestUpstreams;
const opened: Array<{ close(): Promise<void> }> = [];
beforeAll(async () => {
  upstreams = await startUpstreams();
});
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
  upstreams.reset();
});
afterAll(() => upstreams.close());

async function gateway(env: Record<string, string> = {}, extra = {}) {
  const g = await startGateway({ CATALOGUE_SOURCE: upstreams.url, GATEWAY_ADMIN_TOKEN: ADMIN, UPSTREAM_TIMEOUT_MS: '600', ...env }, extra);
  opened.push(g);
  return g;
}

describe('warm and cold', () => {
  it('answers warm queries without a single upstream request', async () => {
    const g = await gateway();
    await g.graphql(PRODUCTS);
    expect(upstreams.total()).toBeGreaterThan(0);
    upstreams.state.requests.clear();
    await Promise.all([
      g.graphql(PRODUCTS),
      g.graphql('{ products(first: 5, filter: { text: "kopi" }, currency: "EUR") { totalCount } }'),
      g.graphql('{ product(id: "vn-ocop:LS-0001") { name { value } } economies { productCount } }'),
      fetch(`${g.url}/products/${encodeURIComponent('jp-ovop:OITA-0001')}`),
    ]);
    expect(upstreams.total()).toBe(0);
  });

  it('makes one harvest for many concurrent cold requests', async () => {
    const g = await gateway();
    const answers = await Promise.all(Array.from({ length: 12 }, () => g.graphql(PRODUCTS)));
    for (const a of answers) expect(a.data.products.totalCount).toBe(answers[0]!.data.products.totalCount);
    const r = upstreams.requests();
    // One harvest: JP and MY are one file each; ID 48 records in 3 pages of 20 (its first page states
    // the total), VN 45 in 3 cursor pages.
    expect(r.jp).toBe(1);
    expect(r.my).toBe(1);
    expect(r.id).toBe(3);
    expect(r.vn).toBe(3);
  });

  it('serves a repeated identical query from the response cache, until a snapshot changes', async () => {
    const g = await gateway();
    const ask = () => fetch(`${g.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PRODUCTS }) });
    await ask();
    expect((await ask()).headers.get('x-cache')).toBe('hit');
    await g.graphql('mutation { refreshConnector(id: "jp-ovop") { status } }', {}, { authorization: `Bearer ${ADMIN}` });
    expect((await ask()).headers.get('x-cache')).toBe('miss');
  });

  it('computes an answer once for identical requests that arrive together', async () => {
    const g = await gateway();
    await g.graphql(PRODUCTS);
    const body = JSON.stringify({ query: '{ products(first: 7, filter: { text: "coffee" }) { totalCount } }' });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => fetch(`${g.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })),
    );
    const caches = answers.map((a) => a.headers.get('x-cache'));
    expect(caches.filter((c) => c === 'miss')).toHaveLength(1);
    expect(caches.filter((c) => c === 'hit')).toHaveLength(9);
  });
});

describe('by-id look-ups', () => {
  it('batch every product a request asks for into one look-up, grouped by connector', async () => {
    const g = await gateway();
    const { data: page } = await g.graphql('{ products(first: 20) { edges { node { id } } } }');
    const ids: string[] = page.products.edges.map((e: any) => e.node.id);
    const lookup = vi.spyOn(CatalogueIndex.prototype, 'lookup');
    const fields = ids.map((id, i) => `p${i}: product(id: "${id}") { id name { value } }`).join('\n');
    const { data } = await g.graphql(`{ ${fields} }`);
    expect(Object.values(data).map((p: any) => p.id)).toEqual(ids);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup.mock.calls[0]![0]).toHaveLength(20);
    lookup.mockRestore();
  });
});

describe('whatever an upstream does', () => {
  it.each([
    ['down', { kind: 'down' } as const, /HTTP 503/],
    ['garbage', { kind: 'garbage' } as const, /not valid|malformed/],
    ['truncated', { kind: 'truncated' } as const, /malformed XML|truncated/],
  ])('an upstream that is %s leaves its connector DOWN and the rest served', async (_, fault, reason) => {
    upstreams.fault('my', fault);
    const g = await gateway();
    const { data, errors } = await g.graphql(PRODUCTS);
    expect(new Set(data.products.edges.map((e: any) => e.node.economy.code))).toEqual(new Set(['ID', 'JP', 'VN']));
    expect(errors).toEqual([expect.objectContaining({ extensions: { code: 'CONNECTOR_UNAVAILABLE', connector: 'my-ovop' } })]);
    const { data: c } = await g.graphql('{ connectors { id status lastError } }');
    expect(c.connectors.find((x: any) => x.id === 'my-ovop')).toMatchObject({ status: 'DOWN', lastError: expect.stringMatching(reason) });
  });

  it('a hanging upstream cannot hold an answer past the budget', async () => {
    // The upstream never answers: that an answer comes at all is the budget at work. Its time is logged, not bounded.
    upstreams.fault('vn', { kind: 'hang' });
    const g = await gateway({ UPSTREAM_TIMEOUT_MS: '400' });
    const started = Date.now();
    const { data, errors } = await g.graphql(PRODUCTS);
    console.log(`answered past a hanging upstream in ${Date.now() - started} ms (budget 400 ms per upstream request)`);
    expect(new Set(data.products.edges.map((e: any) => e.node.economy.code))).toEqual(new Set(['ID', 'JP', 'MY']));
    expect(errors?.[0]?.extensions).toEqual({ code: 'CONNECTOR_UNAVAILABLE', connector: 'vn-ocop' });
  });

  it('waits out a 429 with Retry-After and then harvests', async () => {
    upstreams.fault('jp', { kind: 'rate-limited', times: 1, retryAfterSeconds: 1 });
    const g = await gateway({ UPSTREAM_TIMEOUT_MS: '2000' });
    const { data } = await g.graphql('{ connectors { id status } }');
    expect(data.connectors.find((c: any) => c.id === 'jp-ovop').status).toBe('UP');
    expect(upstreams.requests().jp).toBe(2);
  });

  it('keeps the last good snapshot when a refresh fails: DEGRADED, stale, still served', async () => {
    const g = await gateway();
    await g.graphql(PRODUCTS);
    upstreams.fault('id', { kind: 'down' });
    const { data } = await g.graphql(
      'mutation { refreshConnector(id: "id-ovop") { status productCount lastError } }',
      {},
      { authorization: `Bearer ${ADMIN}` },
    );
    expect(data.refreshConnector).toMatchObject({ status: 'DEGRADED', lastError: expect.stringMatching(/503/) });
    expect(data.refreshConnector.productCount).toBeGreaterThan(25);
    const { data: p, errors } = await g.graphql(PRODUCTS);
    expect(errors).toBeUndefined();
    const indonesian = p.products.edges.filter((e: any) => e.node.economy.code === 'ID');
    expect(indonesian.length).toBeGreaterThan(0);
    expect(indonesian.every((e: any) => e.node.source.stale)).toBe(true);
    expect((await fetch(`${g.url}/readyz`)).status).toBe(200);
  });
});

describe('a shared Redis', async () => {
  const redis = await resolveRedis();
  afterAll(() => redis.stop?.());

  it.skipIf(!redis.url)('lets a second instance serve at once, without harvesting again', async () => {
    const prefix = uniquePrefix();
    const open = async () => {
      const stores = await connectRedisStores(redis.url!, prefix);
      opened.push(stores);
      return { cache: stores.cache, registry: stores.registry };
    };
    const a = await gateway({}, { stores: await open() });
    const first = await a.graphql(PRODUCTS);
    upstreams.state.requests.clear();
    const b = await gateway({}, { stores: await open() });
    const second = await b.graphql(PRODUCTS);
    expect(upstreams.total()).toBe(0);
    expect(second.data.products.totalCount).toBe(first.data.products.totalCount);
  });

  it.skipIf(!redis.url)('logs a shared snapshot that does not decode, with its connector, and harvests instead', async () => {
    const stores = await connectRedisStores(redis.url!, uniquePrefix());
    opened.push(stores);
    // What another instance (or a foreign writer) left under the connector's key: gzip, the catalogue's magic, then garbage.
    const corrupt = new Blob(['OVOPCAT2', new Uint8Array(64).fill(0xff)]).stream().pipeThrough(new CompressionStream('gzip'));
    await stores.cache.set('snapshot:jp-ovop', new Uint8Array(await new Response(corrupt).arrayBuffer()), 60);
    const logged: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
    const log = (level: string, message: string, fields?: Record<string, unknown>) => void logged.push({ level, message, fields });
    // A busy machine must not time the harvest out: this is about the shared snapshot, not the upstream.
    const g = await gateway({ UPSTREAM_TIMEOUT_MS: '10000' }, { stores: { cache: stores.cache, registry: stores.registry }, log });
    const answer = await g.graphql('{ products(first: 1) { totalCount } connectors { id status productCount } }');
    const jp = answer.data.connectors.find((c: { id: string }) => c.id === 'jp-ovop');
    const problems = JSON.stringify(logged.filter((l) => l.level !== 'info'));
    expect(jp.status, problems).toBe('UP');
    expect(jp.productCount).toBeGreaterThan(0);
    expect(upstreams.requests().jp).toBe(1);
    const warning = logged.find((l) => l.level === 'warn' && l.fields?.connector === 'jp-ovop' && /decode/.test(l.message));
    expect(warning, problems).toBeDefined();
    expect(String(warning!.fields!.error)).not.toBe('');
  });

  it('degrades to memory while Redis is away, and goes back when it returns', async () => {
    const server = await startRedisServer();
    const stores = await connectRedisStores(server.url, uniquePrefix());
    opened.push(stores, { close: server.stop });
    const warnings: string[] = [];
    const cache = new DegradingCache(stores.cache, (level, message) => void (level === 'warn' && warnings.push(message)));
    const g = await gateway({}, { stores: { cache, registry: stores.registry } });
    expect((await g.graphql(PRODUCTS)).data.products.totalCount).toBeGreaterThan(100);
    await server.stop();
    await cache.set('probe', new Uint8Array([1]), 60);
    expect(cache.isDegraded).toBe(true);
    expect(await cache.get('probe')).toEqual(new Uint8Array([1]));
    expect(warnings).toHaveLength(1);
    expect((await g.graphql(PRODUCTS)).data.products.totalCount).toBeGreaterThan(100);
    await server.restart();
    // Recovers on a later use once Redis answers again.
    await expect.poll(async () => (await cache.get('probe'), cache.isDegraded), { timeout: 15_000, interval: 100 }).toBe(false);
  });
});
