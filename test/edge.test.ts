import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';
import { startEconomyServer, thManifest, type EconomyServer } from './helpers/economy-server';
import { startGateway, type TestGateway } from './helpers/gateway';

const ADMIN = 'operator-token-shared-by-node-and-edge';
// Cursors match only when both sign with one CURSOR_SECRET (never a key derived from the operator token).
const env = { GATEWAY_ADMIN_TOKEN: ADMIN, CURSOR_SECRET: 'cursor-secret-shared-by-node-and-edge', ALLOW_PRIVATE_UPSTREAMS: 'true' };
let node: TestGateway;
let edge: EdgeGateway;
let economy: EconomyServer;

beforeAll(async () => {
  [node, edge, economy] = await Promise.all([startGateway(env), startEdgeGateway(env), startEconomyServer()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([node?.close(), edge?.close(), economy?.close()]);
});

/** An answer with what legitimately differs between two servers removed: their origins and clocks. */
function comparable(value: unknown, origin: string): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll(origin, 'ORIGIN'), (key, v) => (['fetchedAt', 'lastRefresh'].includes(key) ? 'TIME' : v));
}

const CONTRACT_QUERIES: Record<string, string> = {
  economies: '{ economies { code name(lang: "ja") programme programmeName(lang: "vi") currency languages productCount } }',
  connectors: '{ connectors { id economy programme builtin status productCount quarantined lastError } }',
  categories: '{ categories(lang: "th") { code label } }',
  portal: `{ products(first: 20, currency: "USD", lang: "en") { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id name { value lang fallback } price { amount currency formatted original { amount currency } rate { rate asOf source } }
    rating { scheme value max } category { code label } origin { country region locality } } } } }`,
  search: '{ products(first: 10, filter: { text: "ｶﾎﾞｽ" }, lang: "ja") { totalCount edges { node { id name { value lang } } } } }',
  filtered: `{ products(first: 50, sort: PRICE_DESC, currency: "JPY", filter: { economies: ["VN", "ID"], minRating: 4, certifications: ["HALAL"] }) {
    totalCount edges { node { id price { amount formatted(locale: "ja") } } } } }`,
  product: `{ product(id: "vn-ocop:LS-0003", lang: "vi", currency: "IDR") { id programme name { value lang fallback } names { value lang }
    description { value } story { value } price { amount currency formatted } rating { value } producer { name region } origin { country region locality }
    certifications { scheme label id issuer validUntil } gtin hsCode netContent { value unit } ingredients { value } allergens shelfLifeDays
    labelLanguages images url marketplaces { name url } traceabilityUrl source { connector upstreamId stale } jsonld
    compliance(destination: "JP") { status checks { code mandatory status detail reference } } } }`,
  rates: '{ exchangeRates(base: "JPY") { base asOf source rates { from to rate asOf source } } }',
  badInput: '{ products(first: 101) { totalCount } }',
  unknown: '{ product(id: "vn-ocop:NOPE") { id } }',
};

describe('the Workers build answers as the Node build does', () => {
  for (const [name, query] of Object.entries(CONTRACT_QUERIES)) {
    it(`GraphQL: ${name}`, async () => {
      const [fromNode, fromEdge] = await Promise.all([node.graphql(query), edge.graphql(query)]);
      if (name === 'badInput') expect(fromNode.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      else expect(fromNode.errors).toBeUndefined();
      expect(comparable(fromEdge, edge.url)).toEqual(comparable(fromNode, node.url));
    });
  }

  it('GraphQL: one query text with new variables each time (direct execution after the first)', async () => {
    const query = `query Page($text: String, $lang: String, $currency: String, $first: Int) {
      products(first: $first, currency: $currency, lang: $lang, filter: { text: $text }) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { __typename id name { value lang fallback } price { amount currency formatted } category { code label } } } } }`;
    const pages = [
      { text: 'kopi', lang: 'id', currency: 'IDR', first: 5 },
      { text: 'ｶﾎﾞｽ', lang: 'ja', currency: 'JPY', first: 3 },
      { text: 'lạp xưởng', lang: 'vi', currency: 'USD', first: 2 },
      { lang: 'th', currency: 'THB', first: 20 },
    ];
    for (const variables of pages) {
      const [fromNode, fromEdge] = await Promise.all([node.graphql(query, variables), edge.graphql(query, variables)]);
      expect(fromNode.errors).toBeUndefined();
      expect(fromNode.data.products.edges.length).toBeGreaterThan(0);
      expect(comparable(fromEdge, edge.url)).toEqual(comparable(fromNode, node.url));
    }
  });

  it.each(['jp-ovop:OITA-0001', 'my-ovop:MY-0014', 'id-ovop:IDN-0005'])('JSON-LD: /products/%s', async (id) => {
    const path = `/products/${encodeURIComponent(id)}?currency=EUR`;
    const [a, b] = await Promise.all([fetch(`${node.url}${path}`), fetch(`${edge.url}${path}`)]);
    expect(b.status).toBe(200);
    expect(b.headers.get('content-type')).toBe(a.headers.get('content-type'));
    expect(comparable(await b.json(), edge.url)).toEqual(comparable(await a.json(), node.url));
  });

  it('serves the context, vocabulary, health and a 404 the same way', async () => {
    for (const path of ['/contexts/ovop.jsonld', '/vocab', '/healthz', '/products/nope%3Ax']) {
      const [a, b] = await Promise.all([fetch(`${node.url}${path}`), fetch(`${edge.url}${path}`)]);
      expect(b.status, path).toBe(a.status);
      expect(await b.json()).toEqual(await a.json());
    }
  });
});

describe('a member economy on the edge', () => {
  it('registers its catalogue and the portal finds its products', async () => {
    const key = (await edge.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` })).data.createEconomyKey
      .key;
    const { data, errors } = await edge.graphql(
      'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { id status productCount quarantined } report { accepted rejected } } }',
      { m: thManifest(economy.url) },
      { authorization: `Bearer ${key}` },
    );
    expect(errors).toBeUndefined();
    expect(data.registerConnector).toMatchObject({
      connector: { id: 'th-otop', status: 'UP', productCount: 14, quarantined: 2 },
      report: { accepted: 14, rejected: 2 },
    });
    const found = await edge.graphql(
      '{ products(filter: { economies: ["TH"], text: "ผ้าไหม" }, currency: "USD") { totalCount edges { node { price { currency } } } } }',
    );
    expect(found.data.products.totalCount).toBeGreaterThanOrEqual(2);
    expect(found.data.products.edges[0].node.price.currency).toBe('USD');
  });
});
