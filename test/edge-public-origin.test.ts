import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';
import { rawRequest } from './helpers/raw-http';

/** Issue 28, row 1 in the real Workers runtime: with PUBLIC_URL set, a request's Host reaches no answer. */
const PUBLIC = 'https://ovop.apec.example';
const ID = 'vn-ocop:LS-0001';
const EVIL = { host: 'evil.example', 'x-forwarded-host': 'evil.example', forwarded: 'host=evil.example' };
let edge: EdgeGateway;

beforeAll(async () => {
  edge = await startEdgeGateway({ PUBLIC_URL: PUBLIC });
}, 120_000);
afterAll(() => edge?.close());

describe('PUBLIC_URL on Workers (attack)', () => {
  it('Product.jsonld, the JSON-LD route and the sitemap are written with PUBLIC_URL, whatever Host says', async () => {
    const query = JSON.stringify({ query: `{ product(id: "${ID}") { jsonld } }` });
    const headers = { ...EVIL, 'content-type': 'application/json', accept: 'application/json' };
    const answers = [
      await rawRequest(`${edge.url}/graphql`, { method: 'POST', headers, body: query }),
      await rawRequest(`${edge.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: query }),
      await rawRequest(`${edge.url}/products/${encodeURIComponent(ID)}`, { headers: { ...EVIL, accept: 'application/ld+json' } }),
      await rawRequest(`${edge.url}/sitemap.xml`, { headers: EVIL }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).not.toContain('evil.example');
      expect(answer.body).toContain(PUBLIC);
    }
    expect(JSON.parse(answers[1]!.body).data.product.jsonld['@context']).toBe(`${PUBLIC}/contexts/ovop.jsonld`);
  });
});
