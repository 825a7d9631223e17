import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';
import { rawRequest } from './helpers/raw-http';

/**
 * Issue 28, row 1 and the origin findings: a request's Host (or X-Forwarded-Host, Forwarded) must
 * never reach an answer another client is given. Attacks over real HTTP.
 */
const ID = 'vn-ocop:LS-0001';
const QUERY = `{ product(id: "${ID}") { jsonld } }`;
const EVIL = { host: 'evil.example', 'x-forwarded-host': 'evil.example', forwarded: 'host=evil.example;proto=http' };
const PUBLIC = 'https://ovop.apec.example';

const postQuery = (gw: TestGateway, headers: Record<string, string> = {}) =>
  rawRequest(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
const getQuery = (gw: TestGateway, headers: Record<string, string> = {}) =>
  rawRequest(`${gw.url}/graphql?query=${encodeURIComponent(QUERY)}`, { headers: { accept: 'application/json', ...headers } });
const jsonldOf = (body: string) => JSON.parse(body).data.product.jsonld as Record<string, string>;

describe('PUBLIC_URL unset: the request origin is kept apart in every cache', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw?.close());

  it.each([
    ['POST', postQuery],
    ['GET', getQuery],
  ])('an attacker Host over %s reaches no other client (attack)', async (_, send) => {
    for (let i = 0; i < 2; i++) expect(jsonldOf((await send(gw, EVIL)).body)['@context']).toContain('evil.example');
    const honest = await send(gw);
    expect(honest.status).toBe(200);
    const doc = jsonldOf(honest.body);
    expect(doc['@context']).toBe(`${gw.url}/contexts/ovop.jsonld`);
    expect(doc.id).toBe(`${gw.url}/products/${encodeURIComponent(ID)}`);
  });

  it('an attacker Host on /products/{id} reaches no other client (attack)', async () => {
    const path = `/products/${encodeURIComponent(ID)}`;
    await rawRequest(`${gw.url}${path}`, { headers: { ...EVIL, accept: 'application/ld+json' } });
    const honest = await rawRequest(`${gw.url}${path}`, { headers: { accept: 'application/ld+json' } });
    expect(honest.body).not.toContain('evil.example');
  });
});

describe('PUBLIC_URL set: every absolute URL comes from it', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ PUBLIC_URL: `${PUBLIC}/` });
  });
  afterAll(() => gw?.close());

  it.each([
    ['POST', postQuery],
    ['GET', getQuery],
  ])('GraphQL Product.jsonld over %s ignores Host, X-Forwarded-Host and Forwarded (attack)', async (_, send) => {
    const attacked = jsonldOf((await send(gw, EVIL)).body);
    expect(attacked['@context']).toBe(`${PUBLIC}/contexts/ovop.jsonld`);
    expect(attacked.id).toBe(`${PUBLIC}/products/${encodeURIComponent(ID)}`);
    const honest = await send(gw);
    expect(honest.headers['x-cache']).toBe('hit');
    expect(jsonldOf(honest.body)).toEqual(attacked);
  });

  it('the JSON-LD route, the product page, the compliance document and the sitemap ignore Host (attack)', async () => {
    const path = `/products/${encodeURIComponent(ID)}`;
    const answers = await Promise.all([
      rawRequest(`${gw.url}${path}`, { headers: { ...EVIL, accept: 'application/ld+json' } }),
      rawRequest(`${gw.url}${path}`, { headers: { ...EVIL, accept: 'text/html' } }),
      rawRequest(`${gw.url}${path}/compliance/JP`, { headers: { ...EVIL, accept: 'application/ld+json' } }),
      rawRequest(`${gw.url}/sitemap.xml`, { headers: EVIL }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).not.toContain('evil.example');
      expect(answer.body).toContain(`${PUBLIC}/`);
    }
    expect(JSON.parse(answers[0]!.body)['@context']).toBe(`${PUBLIC}/contexts/ovop.jsonld`);
    expect(answers[3]!.body).toContain(`<loc>${PUBLIC}${path}</loc>`);
  });

  it('a JSON-LD document is the same bytes whatever Host asked for it', async () => {
    const path = `/products/${encodeURIComponent(ID)}`;
    const bodies = new Set<string>();
    for (const host of ['a.example', 'b.example', '127.0.0.1']) {
      bodies.add((await rawRequest(`${gw.url}${path}`, { headers: { host, accept: 'application/ld+json' } })).body);
    }
    expect(bodies.size).toBe(1);
  });

  it('the Digital Link redirects to the public origin', async () => {
    const { data } = await gw.graphql(`{ product(id: "${ID}") { gtin } }`);
    const gtin = String(data.product.gtin).padStart(14, '0');
    const answer = await rawRequest(`${gw.url}/01/${gtin}`, { headers: EVIL });
    expect(answer.status).toBe(307);
    expect(answer.headers.location).toBe(`${PUBLIC}/products/${encodeURIComponent(ID)}`);
  });

  it('the onboarding form checks Origin against PUBLIC_URL, not the Host a proxy rewrote', async () => {
    const form = new URLSearchParams({ key: 'not-a-key', manifest: '{}', dryRun: '1' }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    // Behind a proxy: the browser's Origin is the public one, the Host is the gateway's own.
    const proxied = await rawRequest(`${gw.url}/register`, { method: 'POST', headers: { ...headers, origin: PUBLIC }, body: form });
    expect(proxied.body).toContain('data-code="UNAUTHENTICATED"');
    // A cross-site form naming the attacker's host in Host as well as Origin.
    const forged = await rawRequest(`${gw.url}/register`, {
      method: 'POST',
      headers: { ...headers, origin: 'http://evil.example', host: 'evil.example' },
      body: form,
    });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('data-code="FORBIDDEN"');
  });
});
