import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDecimal } from '../gateway/money/decimal';
import { ECB_XML } from './fixtures/ecb';
import { startGateway, type TestGateway } from './helpers/gateway';
import { serveOnFreePort, type Served } from './helpers/serve';

const PRICES = /* GraphQL */ `
  query Prices($first: Int, $after: String, $sort: ProductSort, $currency: String, $filter: ProductFilter) {
    products(first: $first, after: $after, sort: $sort, currency: $currency, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id economy { code } price { amount currency original { amount currency } rate { from to rate asOf source } } } }
    }
  }
`;

async function allPages(server: TestGateway, variables: Record<string, unknown>) {
  const nodes: any[] = [];
  let after: string | null = null;
  do {
    const { data, errors }: any = await server.graphql(PRICES, { ...variables, first: 23, after });
    expect(errors).toBeUndefined();
    nodes.push(...data.products.edges.map((e: any) => e.node));
    after = data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null;
  } while (after);
  return nodes;
}

let server: TestGateway;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

describe('prices in the request currency', () => {
  it('sorts by price across economies, right across page boundaries', async () => {
    const nodes = await allPages(server, { sort: 'PRICE_ASC', currency: 'USD' });
    const priced = nodes.filter((n) => n.price);
    expect(new Set(priced.map((n) => n.economy.code)).size).toBe(4);
    for (let i = 1; i < priced.length; i++) {
      expect(compareDecimal(priced[i - 1].price.amount, priced[i].price.amount), `${priced[i - 1].id} ≤ ${priced[i].id}`).toBeLessThanOrEqual(0);
    }
    expect(nodes.slice(priced.length).every((n) => n.price === null)).toBe(true);
    const descending = await allPages(server, { sort: 'PRICE_DESC', currency: 'USD' });
    const pricedDesc = descending.filter((n) => n.price);
    for (let i = 1; i < pricedDesc.length; i++) expect(compareDecimal(pricedDesc[i - 1].price.amount, pricedDesc[i].price.amount)).toBeGreaterThanOrEqual(0);
  });

  it('filters by a price range in the request currency', async () => {
    const nodes = await allPages(server, { currency: 'JPY', filter: { priceMin: '1000', priceMax: '3000' } });
    expect(nodes.length).toBeGreaterThan(5);
    for (const n of nodes) {
      expect(n.price.currency).toBe('JPY');
      expect(compareDecimal(n.price.amount, '1000')).toBeGreaterThanOrEqual(0);
      expect(compareDecimal(n.price.amount, '3000')).toBeLessThanOrEqual(0);
    }
    expect(new Set(nodes.map((n) => n.economy.code)).size).toBeGreaterThan(1);
  });

  it('converts with the exact rate and shows it, IDR without decimals', async () => {
    const { data } = await server.graphql(`{
      product(id: "vn-ocop:LS-0001", currency: "IDR") {
        price { amount currency original { amount currency } rate { from to rate asOf source } formatted(locale: "id") }
        usd: price(currency: "usd") { amount currency }
        own: price(currency: "VND") { amount currency original { amount } rate { rate } }
      }
    }`);
    const { price, usd, own } = data.product;
    expect(price.amount).toMatch(/^\d+$/);
    expect(price).toMatchObject({ currency: 'IDR', original: { currency: 'VND' }, rate: { from: 'VND', to: 'IDR', asOf: '2026-11-20' } });
    expect(price.formatted).toMatch(/^Rp\s[\d.]+$/);
    expect(usd.amount).toMatch(/^\d+\.\d{2}$/);
    expect(own).toMatchObject({ currency: 'VND', original: null, rate: null });
  });

  it('keeps prices in their own currency when none is asked for', async () => {
    const { data } = await server.graphql('{ products(first: 8) { edges { node { price { currency original { amount } } economy { currency } } } } }');
    for (const { node } of data.products.edges) if (node.price) expect(node.price).toMatchObject({ currency: node.economy.currency, original: null });
  });

  it('answers the rate table for any base', async () => {
    const { data } = await server.graphql('{ exchangeRates(base: "JPY") { base asOf source rates { from to rate asOf source } } }');
    expect(data.exchangeRates.base).toBe('JPY');
    const to = data.exchangeRates.rates.map((r: any) => r.to);
    for (const c of [
      'AUD',
      'BND',
      'CAD',
      'CLP',
      'CNY',
      'EUR',
      'HKD',
      'IDR',
      'KRW',
      'MXN',
      'MYR',
      'NZD',
      'PEN',
      'PGK',
      'PHP',
      'RUB',
      'SGD',
      'THB',
      'TWD',
      'USD',
      'VND',
    ]) {
      expect(to).toContain(c);
    }
  });

  it('puts a converted price specification with its rate date and source into JSON-LD', async () => {
    const doc = await (await fetch(`${server.url}/products/${encodeURIComponent('my-ovop:MY-0001')}?currency=USD`)).json();
    expect(doc.offers).toMatchObject({ price: '85', priceCurrency: 'MYR', priceSpecification: { priceCurrency: 'USD', validFrom: '2026-11-20' } });
    expect(doc.offers.priceSpecification.rateSource).toBeTruthy();
    expect((await fetch(`${server.url}/products/${encodeURIComponent('my-ovop:MY-0001')}?currency=XYZ`)).status).toBe(400);
  });

  it.each([[{ currency: 'XXX' }], [{ currency: 'dollars' }], [{ filter: { priceMin: '12,50' } }], [{ filter: { priceMax: '-1' } }]])(
    'refuses %j with BAD_USER_INPUT',
    async (variables) => {
      const { errors } = await server.graphql(PRICES, variables);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    },
  );
});

describe('the live rate feed', () => {
  let feed: Served;
  let failing = false;
  let live: TestGateway;
  beforeAll(async () => {
    feed = await serveOnFreePort(() =>
      failing ? new Response('down', { status: 503 }) : new Response(ECB_XML, { headers: { 'content-type': 'application/xml' } }),
    );
    live = await startGateway({ RATES_URL: `${feed.url}/eurofxref-daily.xml` });
  });
  afterAll(async () => {
    await live.close();
    await feed.close();
  });
  const table = async (gateway: TestGateway) =>
    (await gateway.graphql('{ exchangeRates(base: "EUR") { asOf source rates { to asOf source } } }')).data.exchangeRates;

  it('uses the ECB rates where the feed has them and the bundled table for the rest', async () => {
    expect(await live.gateway.rates.refresh()).toBe(true);
    const t = await table(live);
    expect(t).toMatchObject({ asOf: '2026-11-23', source: 'European Central Bank euro reference rates' });
    expect(t.rates.find((r: any) => r.to === 'USD')).toMatchObject({ asOf: '2026-11-23' });
    expect(t.rates.find((r: any) => r.to === 'VND').source).toContain('State Bank of Vietnam');
  });

  it('keeps the last good table when the feed fails', async () => {
    failing = true;
    expect(await live.gateway.rates.refresh()).toBe(false);
    expect((await table(live)).asOf).toBe('2026-11-23');
    failing = false;
  });

  it('starts from the bundled table when the feed never answers', async () => {
    const orphan = await startGateway({ RATES_URL: 'http://127.0.0.1:9/rates.xml' });
    expect(await orphan.gateway.rates.refresh()).toBe(false);
    expect((await table(orphan)).asOf).toBe('2026-11-20');
    await orphan.close();
  });
});

describe('live rates shared through Redis', async () => {
  const { resolveRedis, uniquePrefix } = await import('./helpers/redis');
  const { connectRedisStores } = await import('../gateway/runtime/node/redis');
  const redis = await resolveRedis();
  afterAll(() => redis.stop?.());

  it.skipIf(!redis.url)('are fetched once and adopted by a second instance', async () => {
    let requests = 0;
    const feed = await serveOnFreePort(() => (requests++, new Response(ECB_XML, { headers: { 'content-type': 'application/xml' } })));
    const prefix = uniquePrefix();
    const [storesA, storesB] = await Promise.all([connectRedisStores(redis.url!, prefix), connectRedisStores(redis.url!, prefix)]);
    const a = await startGateway({ RATES_URL: `${feed.url}/eurofxref-daily.xml` }, { stores: storesA });
    const b = await startGateway({ RATES_URL: `${feed.url}/eurofxref-daily.xml` }, { stores: storesB });
    expect(await a.gateway.rates.refresh()).toBe(true);
    expect(await b.gateway.rates.refresh()).toBe(true);
    expect(requests).toBe(1);
    expect((await b.graphql('{ exchangeRates(base: "EUR") { asOf } }')).data.exchangeRates.asOf).toBe('2026-11-23');
    await Promise.all([a.close(), b.close(), storesA.close(), storesB.close(), feed.close()]);
  });
});
