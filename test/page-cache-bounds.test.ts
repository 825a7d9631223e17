import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';
import { rawRequest } from './helpers/raw-http';
import { serveOnFreePort, type Served } from './helpers/serve';

/**
 * Issue 28, row 7: a product with a 12 MB story, then anonymous page views in 20 language and
 * currency variants. Language tags reduce to the supported languages and currencies to the known
 * ones before they form a page's cache key, and the page cache is bounded in bytes. Over real HTTP.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** The JS heap and the array buffers outside it (a cached page is kept as bytes). */
const held = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

const ADMIN = 'operator-token-for-the-page-cache-suite';
const STORY = `A long story. ${'Woven by hand in the hills. '.repeat((12 * 1024 * 1024) / 28)}`;
/** The longest story a record may carry (TEXT_LIMITS.story): the largest page a visitor can make us render. */
const LONGEST_STORY = 'Woven by hand in the hills. '.repeat(20_000 / 28).padEnd(20_000, '.');
const ID = 'ph-story:BIG-2';
const HTML = 'text/html';

let gw: TestGateway;
let upstream: Served;

beforeAll(async () => {
  const items = [
    { sku: 'BIG-1', name: 'Storied mat', story: STORY, price: 350 },
    { sku: 'BIG-2', name: 'Storied basket', story: LONGEST_STORY, price: 420 },
  ];
  upstream = await serveOnFreePort(new Hono().get('/items', (c) => c.json({ items })).fetch);
  gw = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true', UPSTREAM_MAX_BYTES: String(64 * 1024 * 1024) });
  const admin = { authorization: `Bearer ${ADMIN}` };
  const key = (await gw.graphql('mutation { createEconomyKey(economy: "PH") { key } }', {}, admin)).data.createEconomyKey.key;
  const manifest = {
    id: 'ph-story',
    economy: 'PH',
    programme: 'OTOP',
    name: 'PH stories',
    source: { url: `${upstream.url}/items`, format: 'json', items: 'items' },
    defaults: { currency: 'PHP', language: 'en' },
    mapping: { localId: 'sku', name: { en: 'name' }, story: { en: 'story' }, price: 'price' },
  };
  const registered = await gw.graphql(
    'mutation($m: JSON!) { registerConnector(manifest: $m) { report { accepted rejected issues { record path } } } }',
    { m: manifest },
    { authorization: `Bearer ${key}` },
  );
  // The first defence: a 12 MB story is refused at ingestion (schemas/product.ts TEXT_LIMITS), alone.
  expect(registered.data?.registerConnector.report).toMatchObject({ accepted: 1, rejected: 1 });
  expect(registered.data?.registerConnector.report.issues).toEqual(expect.arrayContaining([expect.objectContaining({ record: 'BIG-1', path: 'story.en' })]));
}, 60_000);
afterAll(() => Promise.all([gw?.close(), upstream?.close()]));

const page = (query: string, acceptLanguage = 'en') =>
  fetch(`${gw.url}/products/${encodeURIComponent(ID)}${query}`, { headers: { accept: HTML, 'accept-language': acceptLanguage } });

describe('the page cache under language and currency variants (attack)', () => {
  it('region variants of a language are one page: one cache key, one ETag', async () => {
    const regions = ['GB', 'US', 'AU', 'CA', 'NZ', 'IE', 'ZA', 'IN', 'SG', 'PH'];
    const etags = new Set<string | null>();
    for (const region of regions) {
      const response = await fetch(`${gw.url}/products/${encodeURIComponent('vn-ocop:LS-0001')}?currency=USD`, {
        headers: { accept: HTML, 'accept-language': `en-${region}, fr-${region};q=0.5` },
      });
      expect(response.status).toBe(200);
      etags.add(response.headers.get('etag'));
      await response.arrayBuffer();
    }
    expect(etags.size).toBe(1);
    const explicit = new Set<string | null>();
    for (const region of regions) {
      const response = await fetch(`${gw.url}/products/${encodeURIComponent('vn-ocop:LS-0001')}?lang=en-${region}&currency=USD`, { headers: { accept: HTML } });
      explicit.add(response.headers.get('etag'));
      expect(await response.text()).toContain('lang=en');
    }
    expect(explicit.size).toBe(1);
  });

  it('20 variants of the longest page leave memory within the page cache bound', async () => {
    const first = await page('?lang=en&currency=USD');
    expect(first.status).toBe(200);
    expect((await first.text()).length).toBeGreaterThan(20_000);
    gc();
    const before = held();
    const variants = ['en-GB', 'en-US', 'en-AU', 'en-CA', 'en-NZ'].flatMap((lang) =>
      ['USD', 'JPY', 'EUR', 'THB'].map((currency) => `?lang=${lang}&currency=${currency}`),
    );
    expect(variants).toHaveLength(20);
    for (const variant of variants) {
      const response = await page(variant);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    gc();
    const grown = held() - before;
    // Measured: about 470 MB before the bound, about 50 MB after (the decoded 12 MB record and the
    // last render's strings, whatever the number of variants); the page cache holds no 12 MB page.
    expect(grown).toBeLessThan(128 * 1024 * 1024);
  }, 120_000);

  it("20 Hosts asking for the longest product's JSON-LD leave memory within the documents cache bound", async () => {
    const path = `/products/${encodeURIComponent(ID)}`;
    const first = await rawRequest(`${gw.url}${path}`, { headers: { accept: 'application/ld+json' } });
    expect(first.status).toBe(200);
    gc();
    const before = held();
    for (let i = 0; i < 20; i++) {
      const answer = await rawRequest(`${gw.url}${path}`, { headers: { host: `h${i}.example`, accept: 'application/ld+json' } });
      expect(answer.status).toBe(200);
    }
    gc();
    expect(held() - before).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
