import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../gateway/graphql/plugins/use-automatic-persisted-queries';
import { settled, startGateway, type TestGateway } from './helpers/gateway';

/**
 * HTTP caching over real HTTP (docs/contract.md, the /graphql and /products/{id} rows): an anonymous
 * GET query is public for GRAPHQL_CACHE_SECONDS with an ETag that follows the state version, a
 * matching If-None-Match gets 304, an authenticated answer is private; JSON-LD documents too.
 */

let now = new Date('2026-12-07T10:00:00Z');
let server: TestGateway;
let short: TestGateway;
beforeAll(async () => {
  server = await startGateway({}, { clock: () => now });
  short = await startGateway({ GRAPHQL_CACHE_SECONDS: '5' });
  // Tags follow the index's version: a connector's first harvest landing between two requests would move it.
  await Promise.all([settled(server.gateway), settled(short.gateway)]);
});
afterAll(async () => {
  await server?.close();
  await short?.close();
});

const QUERY = '{ economies { code programme productCount } }';
const get = (base: TestGateway, query: string, headers: Record<string, string> = {}) =>
  fetch(`${base.url}/graphql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/json', ...headers } });

describe('GET /graphql', () => {
  it('an anonymous query is public for 60 s, with an ETag and Vary, and If-None-Match answers 304', async () => {
    const first = await get(server, QUERY);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('vary')).toMatch(/Accept-Language/);
    expect(first.headers.get('vary')).toMatch(/Authorization/);
    await first.arrayBuffer();

    const again = await get(server, QUERY, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=60');

    // Another language is another answer: another tag.
    const other = await get(server, QUERY, { 'if-none-match': etag!, 'accept-language': 'ja' });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
    await other.arrayBuffer();
  });

  it('the ETag follows the state version: a new one, and no 304 for the old tag, once it changes', async () => {
    const before = await get(server, QUERY);
    const etag = before.headers.get('etag')!;
    await before.arrayBuffer();
    now = new Date(now.getTime() + 86_400_000); // compliance answers depend on the day: part of the version
    const after = await get(server, QUERY, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    await after.arrayBuffer();
  });

  it("an APQ hash over GET (Apollo's useGETForHashedQueries) is public and revalidates too", async () => {
    const query = '{ economies { code name } }';
    const sha256Hash = await sha256Hex(query);
    const learned = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    await learned.arrayBuffer();
    const url = `${server.url}/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash } }))}`;
    const first = await fetch(url, { headers: { accept: 'application/json' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    await first.arrayBuffer();
    const again = await fetch(url, { headers: { accept: 'application/json', 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('GRAPHQL_CACHE_SECONDS sets max-age', async () => {
    const res = await get(short, QUERY);
    expect(res.headers.get('cache-control')).toBe('public, max-age=5');
    await res.arrayBuffer();
  });

  it('an authenticated answer is private, no-store, without an ETag, over GET and POST', async () => {
    const res = await get(server, QUERY, { authorization: 'Bearer some-client-key-0123456789' });
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('etag')).toBeNull();
    await res.arrayBuffer();
    for (let i = 0; i < 3; i++) {
      const posted = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer some-client-key-0123456789' },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(posted.status).toBe(200);
      expect(posted.headers.get('cache-control')).toBe('private, no-store');
      expect(((await posted.json()) as any).data.economies.length).toBeGreaterThan(3);
    }
  });

  it('an answer with errors is not made public', async () => {
    const res = await get(server, '{ nope }');
    expect(res.headers.get('cache-control')).toBeNull();
    expect(res.headers.get('etag')).toBeNull();
    await res.arrayBuffer();
  });
});

describe('GET /products/{id} (JSON-LD)', () => {
  it('has Cache-Control, an ETag, Vary: Accept, and 304 to a matching If-None-Match', async () => {
    const { data } = await server.graphql('{ products(first: 1) { edges { node { id } } } }');
    const id = data.products.edges[0].node.id as string;
    const url = `${server.url}/products/${encodeURIComponent(id)}`;
    const first = await fetch(url, { headers: { accept: 'application/ld+json' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(first.headers.get('vary')).toMatch(/Accept/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    await first.arrayBuffer();
    const again = await fetch(url, { headers: { accept: 'application/ld+json', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const usd = await fetch(`${url}?currency=USD`, { headers: { accept: 'application/ld+json', 'if-none-match': etag } });
    expect(usd.status).toBe(200);
    await usd.arrayBuffer();
  });
});
