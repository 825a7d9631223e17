import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../gateway/graphql/plugins/use-automatic-persisted-queries';
import { type EdgeGateway, startEdgeGateway } from './helpers/edge';

/**
 * What a portal's tools expect, in the Workers runtime (wrangler): APQ, HTTP caching of GET answers,
 * an authenticated answer kept private, INTROSPECTION=off, the sample pictures.
 */
let edge: EdgeGateway;
const ADMIN = 'edge-portal-admin-token-0123';
beforeAll(async () => {
  edge = await startEdgeGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, INTROSPECTION: 'off' });
}, 60_000);
afterAll(async () => {
  await edge?.close();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${edge.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('at the edge', () => {
  it("speaks Apollo's automatic persisted queries", async () => {
    const query = '{ economies { code programme } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: await sha256Hex(query) } };
    const missing = (await (await post({ extensions })).json()) as any;
    expect(missing.errors[0].message).toBe('PersistedQueryNotFound');
    const learned = (await (await post({ query, extensions })).json()) as any;
    expect(learned.data.economies.length).toBeGreaterThan(3);
    const byHash = (await (await post({ extensions })).json()) as any;
    expect(byHash.data).toEqual(learned.data);
  });

  it('makes an anonymous GET public with an ETag and 304, and keeps an authenticated answer private', async () => {
    const url = `${edge.url}/graphql?query=${encodeURIComponent('{ categories { code } }')}`;
    const first = await fetch(url, { headers: { accept: 'application/json' } });
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    await first.arrayBuffer();
    const again = await fetch(url, { headers: { accept: 'application/json', 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    for (let i = 0; i < 2; i++) {
      const res = await post({ query: 'mutation { createEconomyKey(economy: "TH") { key } }' }, { authorization: `Bearer ${ADMIN}` });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(((await res.json()) as any).data.createEconomyKey.key).toBeTruthy();
    }
  });

  it('refuses introspection when off, and serves the sample pictures', async () => {
    const body = (await (await post({ query: '{ __schema { queryType { name } } }' })).json()) as any;
    expect(body.data).toBeUndefined();
    const picture = await fetch(`${edge.url}/samples/images/jp-oita-0001-1.svg`);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    await picture.arrayBuffer();
  });
});
