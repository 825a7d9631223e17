import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';

let server: TestGateway;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(() => server.close());

const SEARCH = /* GraphQL */ `
  query Search($text: String!, $lang: String) {
    products(first: 50, filter: { text: $text }, lang: $lang) { totalCount edges { node { id name { value lang } } } }
  }
`;
const ids = async (text: string) => {
  const { data, errors } = await server.graphql(SEARCH, { text });
  expect(errors).toBeUndefined();
  return data.products.edges.map((e: any) => e.node.id) as string[];
};

describe('search as people type', () => {
  it('finds lạp sườn from "lap suon", first', async () => {
    expect((await ids('lap suon'))[0]).toBe('vn-ocop:LS-0001');
  });

  it('finds cà phê from "ca phe", including a name stored from decomposed input', async () => {
    const found = await ids('ca phe');
    expect(found).toEqual(expect.arrayContaining(['vn-ocop:DL-0001', 'vn-ocop:DL-0002', 'vn-ocop:DL-0003']));
  });

  it('finds かぼす from half-width ｶﾎﾞｽ, full-width カボス and hiragana alike', async () => {
    const hiragana = await ids('かぼす');
    expect(hiragana).toEqual(expect.arrayContaining(['jp-ovop:OITA-0001', 'jp-ovop:OITA-0003', 'jp-ovop:OITA-0004']));
    expect(await ids('ｶﾎﾞｽ')).toEqual(hiragana);
    expect(await ids('カボス')).toEqual(hiragana);
  });

  it('finds batik tulis from "BATIK tulis"', async () => {
    const found = await ids('BATIK tulis');
    expect(found.slice(0, 4).sort()).toEqual(['id-ovop:IDN-0005', 'id-ovop:IDN-0019', 'id-ovop:IDN-0020', 'id-ovop:IDN-0021']);
  });

  it('finds with decomposed (NFD) input what composed input finds', async () => {
    for (const text of ['lạp sườn', 'cà phê Buôn Ma Thuột', 'Lạng Sơn']) {
      expect(await ids(text.normalize('NFD'))).toEqual(await ids(text));
    }
  });

  it('ranks a name match over a description match', async () => {
    const { data } = await server.graphql(SEARCH, { text: 'kabosu', lang: 'en' });
    const names = data.products.edges.map((e: any) => e.node.name.value.toLowerCase());
    const lastNameMatch = names.map((n: string) => n.includes('kabosu')).lastIndexOf(true);
    const firstOther = names.findIndex((n: string) => !n.includes('kabosu'));
    expect(firstOther === -1 || lastNameMatch < firstOther).toBe(true);
  });

  it('searches producers and regions, in every language', async () => {
    expect((await ids('Kuala Kangsar')).length).toBeGreaterThan(0);
    expect((await ids('大分県')).length).toBeGreaterThan(20);
    expect((await ids('kopi gayo'))[0]).toMatch(/^id-ovop:/);
    expect(await ids('zzzz-nothing-like-this')).toEqual([]);
  });
});

describe('every visitor reads in their language', () => {
  const NAME = '{ product(id: "vn-ocop:LS-0001") { name { value lang fallback } category { label } } }';

  it('follows Accept-Language and its q-values', async () => {
    const { data } = await server.graphql(NAME, {}, { 'accept-language': 'fr;q=0.9, vi;q=0.8, en;q=0.5' });
    expect(data.product.name).toEqual({ value: 'Lạp sườn Bích Trâm', lang: 'vi', fallback: true });
    expect(data.product.category.label).toBe('Thực phẩm');
  });

  it('flags a fallback to English when the source lacks the language', async () => {
    const { data } = await server.graphql('{ product(id: "vn-ocop:LS-0001", lang: "ja") { name { value lang fallback } category { label } } }');
    expect(data.product.name).toMatchObject({ lang: 'en', fallback: true });
    expect(data.product.category.label).toBe('食品');
  });

  it('canonicalizes tl to fil and in to id', async () => {
    const { data } = await server.graphql(`{
      tl: categories(lang: "tl") { code label }
      in: economies { code name(lang: "in") programmeName(lang: "in") }
    }`);
    expect(data.tl.find((c: any) => c.code === 'FOOD').label).toBe('Pagkain');
    expect(data.in.find((e: any) => e.code === 'JP')).toMatchObject({ name: 'Jepang', programmeName: 'Satu Desa Satu Produk' });
  });

  it('labels the controlled vocabularies in en, ja, id, ms, vi, th and fil', async () => {
    for (const lang of ['en', 'ja', 'id', 'ms', 'vi', 'th', 'fil']) {
      const { data, errors } = await server.graphql(`{
        categories(lang: "${lang}") { code label }
        economies { name(lang: "${lang}") programmeName(lang: "${lang}") }
        product(id: "id-ovop:IDN-0001", lang: "${lang}") { certifications { scheme label } }
      }`);
      expect(errors).toBeUndefined();
      expect(new Set(data.categories.map((c: any) => c.label)).size).toBe(6);
      for (const c of data.product.certifications) expect(c.label).not.toBe('');
    }
    const th = await server.graphql('{ product(id: "id-ovop:IDN-0001", lang: "th") { certifications { scheme label } } }');
    expect(th.data.product.certifications.find((c: any) => c.scheme === 'HALAL')?.label).toBe('ฮาลาล');
  });

  it('refuses a malformed language tag with BAD_USER_INPUT', async () => {
    const { errors } = await server.graphql('{ products(lang: "en_US!!") { totalCount } }');
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const field = await server.graphql('{ product(id: "vn-ocop:LS-0001") { name(lang: "12345") { value } } }');
    expect(field.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
