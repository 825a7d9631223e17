import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';

/** What a browser on another origin relies on, over real HTTP against the real server. */
const PORTAL = 'https://portal.example';
const QUERY = JSON.stringify({ query: '{ economies { code productCount } }' });

let open: TestGateway;
let listed: TestGateway;
beforeAll(async () => {
  [open, listed] = await Promise.all([startGateway(), startGateway({ CORS_ORIGINS: `${PORTAL},https://admin.example` })]);
});
afterAll(() => Promise.all([open?.close(), listed?.close()]));

const preflight = (url: string, origin = PORTAL, method = 'POST') =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type, authorization, traceparent' },
  });

const post = (url: string, headers: Record<string, string> = {}, body = QUERY) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { origin: PORTAL, 'content-type': 'application/json', ...headers }, body });

describe('CORS with CORS_ORIGINS unset (any origin)', () => {
  it('answers a preflight of /graphql with 204, the methods, the headers and a max-age', async () => {
    const res = await preflight(`${open.url}/graphql`);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const allowed = res.headers.get('access-control-allow-headers')?.toLowerCase() ?? '';
    for (const h of ['content-type', 'authorization', 'traceparent', 'accept-language', 'x-request-id']) expect(allowed).toContain(h);
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives a cached answer the same CORS headers as a fresh one', async () => {
    const body = JSON.stringify({ query: '{ categories { code } }', variables: { n: Math.random() } });
    const fresh = await post(open.url, {}, body);
    const cached = await post(open.url, {}, body);
    expect(fresh.status).toBe(200);
    expect(cached.status).toBe(200);
    expect(cached.headers.get('x-cache')).toBe('hit');
    const names = (res: Response) =>
      [...res.headers.keys()].filter((n) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(n)).sort();
    expect(names(cached)).toEqual(names(fresh));
    for (const res of [fresh, cached]) {
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('caches a GET query too (inside yoga), with the same CORS headers', async () => {
    const url = `${open.url}/graphql?query=${encodeURIComponent('{ economies { code languages } }')}`;
    const fresh = await fetch(url, { headers: { origin: PORTAL } });
    const cached = await fetch(url, { headers: { origin: PORTAL } });
    expect(fresh.headers.get('x-cache')).toBe('miss');
    expect(cached.headers.get('x-cache')).toBe('hit');
    expect(await cached.json()).toEqual(await fresh.json());
    for (const res of [fresh, cached]) expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('gives every other route CORS headers: JSON-LD, context, vocabulary, health, readiness, 404', async () => {
    for (const path of ['/products/vn-ocop%3ALS-0001', '/contexts/ovop.jsonld', '/vocab', '/healthz', '/readyz', '/products/nope%3Ax']) {
      const res = await fetch(`${open.url}${path}`, { headers: { origin: PORTAL } });
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      const pre = await preflight(`${open.url}${path}`, PORTAL, 'GET');
      expect(pre.status, path).toBe(204);
      expect(pre.headers.get('access-control-allow-origin'), path).toBe('*');
    }
  });

  it('never allows credentials, even when a page asks for them', async () => {
    const res = await fetch(`${open.url}/graphql`, { method: 'OPTIONS', headers: { origin: PORTAL, 'access-control-request-method': 'POST', cookie: 'a=b' } });
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('CORS with CORS_ORIGINS set to a list', () => {
  it('reflects a listed origin with Vary: Origin, fresh and cached', async () => {
    const body = JSON.stringify({ query: '{ categories { code label } }' });
    const fresh = await post(listed.url, {}, body);
    const cached = await post(listed.url, {}, body);
    expect(cached.headers.get('x-cache')).toBe('hit');
    for (const res of [fresh, cached]) {
      expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
      expect(res.headers.get('vary')?.toLowerCase()).toContain('origin');
    }
    const pre = await preflight(`${listed.url}/graphql`);
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(pre.headers.get('vary')?.toLowerCase()).toContain('origin');
  });

  it('gives an unlisted origin no Access-Control-Allow-Origin, fresh, cached or preflight', async () => {
    const body = JSON.stringify({ query: '{ economies { code } }' });
    await post(listed.url, {}, body);
    const cached = await post(listed.url, { origin: 'https://evil.example' }, body);
    expect(cached.headers.get('x-cache')).toBe('hit');
    expect(cached.headers.get('access-control-allow-origin')).toBeNull();
    expect(cached.headers.get('vary')?.toLowerCase()).toContain('origin');
    const pre = await preflight(`${listed.url}/graphql`, 'https://evil.example');
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the response cache answers only what the handler would accept', () => {
  it('refuses a POST without application/json with 415, fresh and after the same body was cached (9ABE)', async () => {
    const body = JSON.stringify({ query: '{ economies { code name } }' });
    expect((await post(open.url, {}, body)).status).toBe(200);
    expect((await post(open.url, {}, body)).headers.get('x-cache')).toBe('hit');
    const plain = await post(open.url, { 'content-type': 'text/plain' }, body);
    expect(plain.status).toBe(415);
    expect(plain.headers.get('x-cache')).toBeNull();
    // A form body is parsed as a form (yoga accepts those): that JSON is no query there.
    const form = await post(open.url, { 'content-type': 'application/x-www-form-urlencoded' }, body);
    expect(form.headers.get('x-cache')).toBeNull();
    expect((await form.json()).data).toBeUndefined();
    const none = await fetch(`${open.url}/graphql`, { method: 'POST', body: new Blob([body]) });
    expect(none.status).toBeGreaterThanOrEqual(400);
    expect(none.status).toBeLessThan(500);
  });

  it('never answers a mutation from the cache, however it is spelled', async () => {
    const body = JSON.stringify({ query: 'mutation M { createEconomyKey(economy: "TH") { key } }' });
    for (let i = 0; i < 2; i++) {
      const res = await post(open.url, {}, body);
      expect(res.headers.get('x-cache')).not.toBe('hit');
      expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('computes concurrent identical requests once (single flight); the others get its answer', async () => {
    const body = JSON.stringify({ query: '{ products(first: 7, sort: NAME_ASC) { totalCount edges { node { id } } } }' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(open.url, {}, body)));
    const kinds = answers.map((res) => res.headers.get('x-cache'));
    expect(kinds.filter((k) => k === 'miss')).toHaveLength(1);
    const bodies = new Set(await Promise.all(answers.map((res) => res.text())));
    expect(bodies.size).toBe(1);
  });

  it('keys on the operation name and the negotiated media type', async () => {
    const query = 'query A { economies { code } } query B { categories { code } }';
    const a = await (await post(open.url, {}, JSON.stringify({ query, operationName: 'A' }))).json();
    const b = await (await post(open.url, {}, JSON.stringify({ query, operationName: 'B' }))).json();
    expect(a.data.economies).toBeDefined();
    expect(b.data.categories).toBeDefined();
    const body = JSON.stringify({ query: '{ economies { currency } }' });
    const json = await post(open.url, { accept: 'application/json' }, body);
    const gql = await post(open.url, { accept: 'application/graphql-response+json' }, body);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(gql.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  });
});
