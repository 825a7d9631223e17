import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';
import { startGateway, type TestGateway } from './helpers/gateway';

// The catalogue in 4 shards (Durable Objects over SQLite, persisted to a folder) against Node's one
// index, on the same bundled catalogues: docs/decisions/0030-edge-partitioning.md.
const CONFIG = 'test/fixtures/wrangler.shards.toml';
// Paging through every query sends hundreds of requests from one address: no rate limit in the way.
const env = { CURSOR_SECRET: 'cursor-secret-of-the-shards-test', RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' };
let node: TestGateway;
let edge: EdgeGateway;
let persistTo: string;

beforeAll(async () => {
  persistTo = mkdtempSync(join(tmpdir(), 'ovop-shards-'));
  [node, edge] = await Promise.all([startGateway(env), startEdgeGateway(env, { config: CONFIG, persistTo })]);
}, 180_000);
afterAll(async () => {
  await Promise.all([node?.close(), edge?.close()]);
  rmSync(persistTo, { recursive: true, force: true });
});

const PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort, $lang: String, $currency: String) {
    products(first: $first, after: $after, filter: $filter, sort: $sort, lang: $lang, currency: $currency) {
      totalCount
      facets { economies { code count } categories { code count } ratings { value count } certifications { code count } }
      pageInfo { hasNextPage hasPreviousPage }
      edges { node { id name { value lang } price { amount currency } rating { value } } matchedBy { term matched kind field } }
    }
  }
`;
const CURSORS = /* GraphQL */ `
  query Cursors($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort, $lang: String, $currency: String) {
    products(first: $first, after: $after, filter: $filter, sort: $sort, lang: $lang, currency: $currency) { pageInfo { endCursor } }
  }
`;

interface Page {
  totalCount: number;
  facets: unknown;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
  edges: Array<{ node: { id: string } }>;
}

/** Every page of a query, following each gateway's own cursors: the pages as they were answered. */
async function pagesOf(gateway: { graphql: TestGateway['graphql'] }, variables: Record<string, unknown>): Promise<Page[]> {
  const pages: Page[] = [];
  let after: string | null = null;
  for (let n = 0; n < 200; n++) {
    const answer = await gateway.graphql(PAGE, { ...variables, after });
    expect(answer.errors).toBeUndefined();
    const page = answer.data.products as Page;
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    const cursors: { data?: any } = await gateway.graphql(CURSORS, { ...variables, after });
    after = cursors.data.products.pageInfo.endCursor;
  }
  throw new Error('more than 200 pages');
}

const QUERIES: Array<[string, Record<string, unknown>]> = [
  ['the default order, every product', { first: 50 }],
  ['a broad word', { first: 7, filter: { text: 'tea' } }],
  ['a typo', { first: 5, filter: { text: 'cofee' } }],
  ['Japanese, half-width kana', { first: 4, filter: { text: 'ｶﾎﾞｽ' }, lang: 'ja' }],
  ['Thai', { first: 3, filter: { text: 'กาแฟ' }, lang: 'th' }],
  ['Vietnamese without its marks', { first: 6, filter: { text: 'ca phe' }, lang: 'vi' }],
  ['by price, filtered', { first: 9, sort: 'PRICE_DESC', currency: 'JPY', filter: { economies: ['VN', 'ID', 'JP'], minRating: 3 } }],
  ['by price ascending, a price range', { first: 11, sort: 'PRICE_ASC', currency: 'USD', filter: { priceMin: '2', priceMax: '40' } }],
  ['by rating', { first: 13, sort: 'RATING_DESC' }],
  ['by name in Vietnamese', { first: 17, sort: 'NAME_ASC', lang: 'vi' }],
  ['by name in a regional tag', { first: 17, sort: 'NAME_ASC', lang: 'en-x-a1' }],
  ['text sorted by name', { first: 4, sort: 'NAME_ASC', filter: { text: 'honey' } }],
  ['a category and a certification', { first: 8, filter: { categories: ['FOOD'], certifications: ['HALAL'] } }],
  ['nothing matches', { first: 5, filter: { text: 'zzzqqq' } }],
];

describe('the catalogue in shards on Workers answers as the one index on Node', () => {
  it.each(QUERIES)('%s: the same ids in the same order, totals, facets and matches, page by page with cursors', async (_, variables) => {
    const [fromNode, fromEdge] = await Promise.all([pagesOf(node, variables), pagesOf(edge, variables)]);
    expect(fromNode[0]!.totalCount).toBeGreaterThanOrEqual(0);
    expect(fromEdge).toEqual(fromNode);
  });

  it('reads a product by id from its shard: /products/{id} and GraphQL', async () => {
    const ids = (await pagesOf(node, { first: 100 })).flatMap((page) => page.edges.map((edge) => edge.node.id));
    expect(ids.length).toBeGreaterThan(50);
    for (const id of [ids[0]!, ids[17]!, ids.at(-1)!]) {
      const [fromNode, fromEdge] = (await Promise.all([node, edge].map((g) => fetch(`${g.url}/products/${encodeURIComponent(id)}?lang=en`)))) as [
        Response,
        Response,
      ];
      expect(fromEdge.status).toBe(200);
      const [a, b] = await Promise.all([fromNode.text(), fromEdge.text()]);
      // The same record; each harvested at its own time.
      const comparable = (text: string, origin: string) => text.replaceAll(origin, 'ORIGIN').replace(/"fetchedAt":"[^"]+"/, '"fetchedAt":"TIME"');
      expect(comparable(b, edge.url)).toEqual(comparable(a, node.url));
    }
    const query = `{ nodes(ids: ${JSON.stringify([ids[3], 'vn-ocop:NOPE', ids[40]])}) { ... on Product { id name { value } } } }`;
    const [fromNode, fromEdge] = await Promise.all([node.graphql(query), edge.graphql(query)]);
    expect(fromEdge).toEqual(fromNode);
    expect((await fetch(`${edge.url}/products/vn-ocop%3ANOPE`)).status).toBe(404);
  });

  it('lists the same products in the same order as Node in the export, the Merchant feed and the sitemap (walks of the shards)', async () => {
    const text = async (g: { url: string }, path: string) => {
      const response = await fetch(`${g.url}${path}`);
      expect(response.status, path).toBe(200);
      // The same records; each gateway harvested at its own time, under its own origin.
      return (await response.text()).replaceAll(g.url, 'ORIGIN').replace(/"fetchedAt":"[^"]+"/g, '"fetchedAt":"TIME"');
    };
    for (const path of [
      '/exports/products.ndjson',
      '/exports/products.ndjson?economy=VN&lang=en&currency=USD',
      '/feeds/google-merchant.xml?economy=JP',
      '/sitemap.xml',
    ]) {
      const [fromNode, fromEdge] = await Promise.all([text(node, path), text(edge, path)]);
      expect(fromNode.length, path).toBeGreaterThan(500);
      expect(fromEdge, path).toEqual(fromNode);
    }
  });

  it('follows a GS1 Digital Link to the product the shards hold, as Node does', async () => {
    for (const path of ['/01/08936042100014?lang=vi&currency=USD', '/01/8936042100014', '/01/00000000000017']) {
      const [fromNode, fromEdge] = await Promise.all([node, edge].map((g) => fetch(`${g.url}${path}`, { redirect: 'manual' })));
      expect(fromNode!.status, path).toBe(path.includes('00000000000017') ? 404 : 307);
      expect(fromEdge!.status, path).toBe(fromNode!.status);
      expect(fromEdge!.headers.get('location'), path).toBe(fromNode!.headers.get('location'));
    }
  });

  it('refuses a cursor of another shard count or an edited one', async () => {
    const { data } = await edge.graphql(CURSORS, { first: 2 });
    const cursor: string = data.products.pageInfo.endCursor;
    const edited = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
    for (const after of [edited, 'djE6MDAwMDAwMDA6MQ.AAAAAAAAAAAAAAAAAAAAAA']) {
      const answer = await edge.graphql(PAGE, { first: 2, after });
      expect(answer.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('answers the same after a restart on the same storage (the shards read their slices on first use)', async () => {
    await edge.close();
    edge = await startEdgeGateway(env, { config: CONFIG, persistTo });
    const variables = { first: 6, filter: { text: 'tea' }, sort: 'RELEVANCE' };
    const [fromNode, fromEdge] = await Promise.all([pagesOf(node, variables), pagesOf(edge, variables)]);
    expect(fromEdge).toEqual(fromNode);
  }, 120_000);
});
