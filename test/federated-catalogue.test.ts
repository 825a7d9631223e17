import { describe, expect, it } from 'vitest';
import { inProcessGateway } from './helpers/gateway';

/**
 * The four built-in national catalogues federated into one vocabulary, as the portal queries them
 * over real HTTP: every contract field, paging, filters, refusals, quarantine, and health.
 */

// In process (app.request()): what is answered is the subject here, not the connection.
const server = inProcessGateway();

const PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort) {
    products(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id economy { code } category { code } rating { value } certifications { scheme } } }
    }
  }
`;

describe('four national catalogues in one vocabulary', () => {
  it('serves at least 25 products of each economy after quarantine', async () => {
    const { data } = await server.graphql('{ economies { code programme currency languages productCount } }');
    const byCode = Object.fromEntries(data.economies.map((e: any) => [e.code, e]));
    expect(Object.keys(byCode).sort()).toEqual(['ID', 'JP', 'MY', 'VN']);
    for (const e of data.economies) expect(e.productCount).toBeGreaterThanOrEqual(25);
    expect(byCode.VN).toMatchObject({ programme: 'OCOP', currency: 'VND', languages: ['vi'] });
  });

  it('counts quarantined records on each connector, all UP', async () => {
    const { data } = await server.graphql('{ connectors { id economy programme builtin status productCount quarantined lastRefresh lastError } }');
    expect(data.connectors.map((c: any) => c.id).sort()).toEqual(['id-ovop', 'jp-ovop', 'my-ovop', 'vn-ocop']);
    for (const c of data.connectors) {
      expect(c).toMatchObject({ builtin: true, status: 'UP', lastError: null });
      expect(c.quarantined).toBeGreaterThanOrEqual(2);
      expect(Date.parse(c.lastRefresh)).not.toBeNaN();
    }
  });

  it('answers every Product field of the contract from the canonical record', async () => {
    const { data, errors } = await server.graphql(`{
      product(id: "vn-ocop:LS-0001", lang: "vi") {
        id programme economy { code name } name { value lang fallback } names { value lang }
        description { value lang } story { value } category { code label } price { amount currency formatted original { amount } }
        rating { scheme value max } producer { name region } origin { country region locality }
        certifications { scheme id issuer validUntil } gtin hsCode netContent { value unit } ingredients { value }
        allergens shelfLifeDays labelLanguages images url marketplaces { name url } traceabilityUrl
        source { connector upstreamId fetchedAt stale } jsonld
      }
    }`);
    expect(errors).toBeUndefined();
    const p = data.product;
    expect(p).toMatchObject({
      id: 'vn-ocop:LS-0001',
      programme: 'OCOP',
      economy: { code: 'VN', name: 'Việt Nam' },
      name: { value: 'Lạp sườn Bích Trâm', lang: 'vi', fallback: false },
      category: { code: 'FOOD', label: 'Thực phẩm' },
      price: { currency: 'VND', original: null },
      rating: { scheme: 'VN-OCOP', max: 5 },
      origin: { country: 'VN', region: 'Lạng Sơn' },
      source: { connector: 'vn-ocop', upstreamId: 'LS-0001', stale: false },
    });
    expect(p.price.amount).toMatch(/^\d+$/);
    expect(p.certifications.find((c: any) => c.scheme === 'OCOP').validUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(p.marketplaces.map((m: any) => m.name)).toEqual(expect.arrayContaining(['voso.vn', 'postmart.vn']));
    expect(p.names.map((n: any) => n.lang)).toContain('vi');
    expect(p.jsonld.identifier).toBe('vn-ocop:LS-0001');
  });

  it('pages with opaque cursors in a stable order, without overlap or gaps', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const { data, errors }: any = await server.graphql(PAGE, { first: 37, after });
      expect(errors).toBeUndefined();
      total = data.products.totalCount;
      seen.push(...data.products.edges.map((e: any) => e.node.id));
      after = data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const again = await server.graphql(PAGE, { first: 100 });
    expect(again.data.products.edges.map((e: any) => e.node.id)).toEqual(seen.slice(0, 100));
  });

  it('puts every economy on the first page of the default order', async () => {
    const { data } = await server.graphql(PAGE, { first: 8 });
    expect(new Set(data.products.edges.map((e: any) => e.node.economy.code)).size).toBe(4);
  });

  it('filters by economies, categories, minRating and certifications', async () => {
    const { data } = await server.graphql(PAGE, {
      first: 100,
      filter: { economies: ['VN', 'ID'], categories: ['FOOD'], minRating: 4, certifications: ['HALAL'] },
    });
    expect(data.products.totalCount).toBeGreaterThan(0);
    for (const { node } of data.products.edges) {
      expect(['VN', 'ID']).toContain(node.economy.code);
      expect(node.category.code).toBe('FOOD');
      expect(node.rating.value).toBeGreaterThanOrEqual(4);
      expect(node.certifications.map((c: any) => c.scheme)).toContain('HALAL');
    }
  });

  it('refuses first over 100, a bad cursor and unknown codes with BAD_USER_INPUT', async () => {
    for (const variables of [
      { first: 101 },
      { first: -1 },
      { after: 'not-a-cursor' },
      { filter: { economies: ['XX'] } },
      { filter: { categories: ['WEAPONS'] } },
    ]) {
      const { data, errors } = await server.graphql(PAGE, variables);
      expect(data?.products ?? null).toBeNull();
      expect(errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });

  it('refuses a cursor from another query', async () => {
    const { data } = await server.graphql(PAGE, { first: 2, filter: { economies: ['JP'] } });
    const { errors } = await server.graphql(PAGE, { first: 2, after: data.products.pageInfo.endCursor });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers null for an unknown product id', async () => {
    const { data, errors } = await server.graphql('{ product(id: "vn-ocop:NOPE") { id } }');
    expect(errors).toBeUndefined();
    expect(data.product).toBeNull();
  });

  it('never serves a quarantined record', async () => {
    for (const id of ['jp-ovop:OITA-0902', 'id-ovop:IDN-0901', 'my-ovop:MY-0903', 'vn-ocop:VN-0901']) {
      const { data } = await server.graphql('query($id: ID!) { product(id: $id) { id } }', { id });
      expect(data.product).toBeNull();
    }
  });
});

describe('health', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await (await server.request(`/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await server.request(`/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).connectors).toHaveLength(4);
  });
});
