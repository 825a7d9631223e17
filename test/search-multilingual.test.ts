import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';
import { byKind, measure } from './search-quality/measure';

let server: TestGateway;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

const SEARCH = /* GraphQL */ `
  query Search($text: String!, $first: Int = 10) {
    products(first: $first, filter: { text: $text }) { totalCount edges { node { id names { value } } } }
  }
`;
const top = async (text: string, first = 10) => {
  const { data, errors } = await server.graphql(SEARCH, { text, first });
  expect(errors).toBeUndefined();
  return data.products.edges.map((e: any) => e.node.id) as string[];
};

const COFFEE = ['id-ovop:IDN-0009', 'my-ovop:MY-0013', 'vn-ocop:DL-0001'];
const KOPI_NAMES = [
  'id-ovop:IDN-0002',
  'id-ovop:IDN-0009',
  'id-ovop:IDN-0010',
  'id-ovop:IDN-0011',
  'id-ovop:IDN-0012',
  'my-ovop:MY-0013',
  'my-ovop:MY-0026',
  'my-ovop:MY-0040',
];
const HONEY = ['my-ovop:MY-0007', 'id-ovop:IDN-0030', 'vn-ocop:DL-0003'];
const CHOCOLATE = ['id-ovop:IDN-0001', 'id-ovop:IDN-0002', 'id-ovop:IDN-0016'];
const SHIITAKE = ['jp-ovop:OITA-0005', 'jp-ovop:OITA-0006'];
const POTTERIES = ['my-ovop:MY-0001', 'my-ovop:MY-0002', 'id-ovop:IDN-0017', 'id-ovop:IDN-0018', 'id-ovop:IDN-0043'];

describe('search finds what people mean, in any language', () => {
  it.each([
    ['shitake', SHIITAKE],
    ['choclate', CHOCOLATE],
    ['干し椎茸', SHIITAKE],
    ['coklat', CHOCOLATE],
    ['kerepek', ['id-ovop:IDN-0014', 'id-ovop:IDN-0015', 'id-ovop:IDN-0016']],
    ['kape', COFFEE],
    ['tsokolate', CHOCOLATE],
    ['コーヒー', COFFEE],
    ['กาแฟ', COFFEE],
    ['น้ำผึ้ง', HONEY],
    ['lạp xưởng', ['vn-ocop:LS-0001']],
    ['pottery', POTTERIES],
  ])('%s finds its products in the first ten', async (text, expected) => {
    expect(await top(text)).toEqual(expect.arrayContaining(expected));
  });

  it('"ca phe" finds coffee and never a star anise', async () => {
    const found = await top('ca phe', 100);
    expect(found).toEqual(expect.arrayContaining(['vn-ocop:DL-0001', 'vn-ocop:DL-0002']));
    expect(found).not.toContain('vn-ocop:LS-0006');
    expect(found).not.toContain('vn-ocop:LS-0007');
  });

  it("ranks the product's own words over a match through the lexicon", async () => {
    // "kopi" is written in the Indonesian and Malaysian names; Vietnamese coffee matches it only through the lexicon.
    const found = await top('kopi', 20);
    const own = found.filter((id) => KOPI_NAMES.includes(id));
    const throughLexicon = found.indexOf('vn-ocop:DL-0001');
    expect(throughLexicon).toBeGreaterThan(-1);
    expect(found.indexOf(own.at(-1)!)).toBeLessThan(throughLexicon);
  });

  it('ranks exact over tolerant: a typo never outranks the word itself', async () => {
    // "songket" is exact; a product matched only through a one-edit neighbour comes after all exact ones.
    const exact = await top('songket', 20);
    expect(exact.slice(0, 4).sort()).toEqual(['id-ovop:IDN-0003', 'id-ovop:IDN-0004', 'id-ovop:IDN-0023', 'my-ovop:MY-0003']);
  });

  it('does not stretch a word the catalogue knows, nor a short one, into its neighbours', async () => {
    // "saba" (mackerel) is a word of the catalogue and has 4 letters: not Sabah, sago, sake or soba.
    expect((await top('saba', 50)).sort()).toEqual(['jp-ovop:OITA-0007', 'jp-ovop:OITA-0009']);
    // "tempe" is tempeh here, not the start of "temperature".
    expect(await top('tempe', 50)).toEqual(['id-ovop:IDN-0015']);
  });
});

describe('the answer says why a product matched', () => {
  const WHY = /* GraphQL */ `
    query Why($text: String!) {
      products(first: 20, filter: { text: $text }) {
        edges { node { id } matchedBy { term matched kind field } }
      }
    }
  `;
  it('names the lexicon entry for a cross-lingual match, and the word for an own-word match', async () => {
    const { data, errors } = await server.graphql(WHY, { text: 'kopi' });
    expect(errors).toBeUndefined();
    const byId = new Map(data.products.edges.map((e: any) => [e.node.id, e.matchedBy]));
    expect(byId.get('id-ovop:IDN-0009')).toEqual(
      expect.arrayContaining([expect.objectContaining({ term: 'kopi', matched: 'kopi', kind: 'EXACT', field: 'NAME' })]),
    );
    expect(byId.get('vn-ocop:DL-0001')).toEqual(expect.arrayContaining([expect.objectContaining({ term: 'kopi', kind: 'LEXICON' })]));
  });
  it('names the corrected word of a typo', async () => {
    const { data } = await server.graphql(WHY, { text: 'choclate' });
    const first = data.products.edges[0];
    expect(first.matchedBy[0]).toMatchObject({ term: 'choclate', matched: 'chocolate', kind: 'TYPO' });
  });
});

describe('facets count the current query by economy, category, rating and certification', () => {
  const FACETS = /* GraphQL */ `
    query Facets($text: String, $economies: [String!]) {
      products(first: 1, filter: { text: $text, economies: $economies }) {
        totalCount
        facets { economies { code count } categories { code count } ratings { value count } certifications { code count } }
      }
    }
  `;
  it('counts every product of the result, whatever the page size', async () => {
    const { data, errors } = await server.graphql(FACETS, { text: 'coffee' });
    expect(errors).toBeUndefined();
    const { totalCount, facets } = data.products;
    const sum = (list: Array<{ count: number }>) => list.reduce((n, x) => n + x.count, 0);
    expect(sum(facets.economies)).toBe(totalCount);
    expect(sum(facets.categories)).toBeLessThanOrEqual(totalCount);
    expect(facets.economies.map((e: any) => e.code)).toEqual(expect.arrayContaining(['ID', 'MY', 'VN']));
    expect(facets.categories.find((c: any) => c.code === 'BEVERAGE').count).toBeGreaterThanOrEqual(8);
  });
  it('follows the filters and counts the whole catalogue without text', async () => {
    const all = await server.graphql(FACETS, {});
    const economies = all.data.products.facets.economies;
    expect(economies.reduce((n: number, e: any) => n + e.count, 0)).toBe(all.data.products.totalCount);
    const jp = await server.graphql(FACETS, { economies: ['JP'] });
    expect(jp.data.products.facets.economies).toEqual([{ code: 'JP', count: jp.data.products.totalCount }]);
    expect(jp.data.products.facets.certifications.length).toBeGreaterThan(0);
  });
});

describe('the judged set', () => {
  it('reaches mean recall@10 of 0.9, and no query returns nothing', async () => {
    const outcomes = await measure((query, variables) => server.graphql(query, variables));
    const all = byKind(outcomes).find((f) => f.kind === 'all')!;
    expect(outcomes.filter((o) => o.total === 0).map((o) => o.query.text)).toEqual([]);
    expect(all.recall).toBeGreaterThanOrEqual(0.9);
    expect(outcomes.length).toBeGreaterThanOrEqual(60);
  }, 60_000);
});
