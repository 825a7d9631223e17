import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';

/** CORS and the response cache in the Workers runtime (workerd), as on Node. */
const PORTAL = 'https://portal.example';
let edge: EdgeGateway;
let listed: EdgeGateway;
beforeAll(async () => {
  // The audit sends over a hundred requests from one address: room for them in the rate limit.
  const open = { RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000' };
  [edge, listed] = await Promise.all([startEdgeGateway(open), startEdgeGateway({ ...open, CORS_ORIGINS: PORTAL })]);
}, 120_000);
afterAll(() => Promise.all([edge?.close(), listed?.close()]));

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { origin: PORTAL, 'content-type': 'application/json', ...headers }, body });

describe('CORS on Workers', () => {
  it('answers a preflight with 204, the methods, the headers and a max-age', async () => {
    const res = await fetch(`${edge.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: PORTAL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
  });

  it('gives a cached answer the same CORS headers as a fresh one, and a JSON-LD document its own', async () => {
    const body = JSON.stringify({ query: '{ economies { code productCount } }' });
    const fresh = await post(edge.url, body);
    const cached = await post(edge.url, body);
    expect(cached.headers.get('x-cache')).toBe('hit');
    for (const res of [fresh, cached]) expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const doc = await fetch(`${edge.url}/products/vn-ocop%3ALS-0001`, { headers: { origin: PORTAL } });
    expect(doc.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('reflects a listed origin with Vary: Origin and refuses a POST without application/json, cached or not', async () => {
    const body = JSON.stringify({ query: '{ categories { code } }' });
    await post(listed.url, body);
    const cached = await post(listed.url, body);
    expect(cached.headers.get('x-cache')).toBe('hit');
    expect(cached.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(cached.headers.get('vary')).toMatch(/Origin/);
    expect((await post(listed.url, body, { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('serves GraphiQL and its assets from the Worker itself', async () => {
    const page = await fetch(`${edge.url}/graphql`, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).not.toMatch(/unpkg|jsdelivr|cdn\./);
    const asset = /src="([^"]+graphiql\.js)"/.exec(html)![1]!;
    const script = await fetch(`${edge.url}${asset}`);
    expect(script.status).toBe(200);
    expect((await script.text()).length).toBeGreaterThan(1_000_000);
  });
});

describe('GraphQL over HTTP on Workers', () => {
  it('passes every graphql-http audit (MUST, SHOULD, MAY), fresh and from the response cache', async () => {
    const audits = serverAudits({ url: () => `${edge.url}/graphql`, fetchFn: fetch });
    expect(audits).toHaveLength(61);
    for (const round of ['fresh', 'cached']) {
      const results = await Promise.all(audits.map(async (audit) => ({ audit, result: await audit.fn() })));
      const notOk = results
        .filter(({ result }) => result.status !== 'ok')
        .map(({ audit, result }) => `${round} ${audit.name}: ${'reason' in result ? result.reason : result.status}`);
      expect(notOk).toEqual([]);
    }
  });
});
