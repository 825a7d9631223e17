import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayRate } from '../gateway/pages/product-view';
import { startGateway, type TestGateway } from './helpers/gateway';

/** What a newcomer's first run shows: pictures served by the gateway, rates a person can read. */
let server: TestGateway;
beforeAll(async () => {
  server = await startGateway();
});
afterAll(async () => {
  await server?.close();
});

describe('sample pictures', () => {
  it('are served by the gateway as SVG with caching headers, and 304 to a matching If-None-Match', async () => {
    const { data } = await server.graphql('{ products(first: 5) { edges { node { images } } } }');
    const images: string[] = data.products.edges.flatMap((e: any) => e.node.images);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^https:\/\/samples\.ovop\.example\/samples\/images\/[a-z]{2}-[a-z0-9-]+\.svg$/);
    const path = new URL(images[0]!).pathname;
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(await res.text()).toMatch(/^<svg /);
    const again = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${server.url}/samples/images/%3Cscript%3E.svg`)).status).toBe(404);
  });
});

describe('the product page', () => {
  it('shows the rate to at most 6 significant digits while the API keeps it exact', async () => {
    const { data } = await server.graphql(
      '{ products(first: 1, currency: "USD", filter: { economies: ["JP"] }) { edges { node { id price { rate { rate } } } } } }',
    );
    const node = data.products.edges[0].node;
    const exact: string = node.price.rate.rate;
    const digits = exact.replace('.', '').replace(/^0+/, '');
    expect(digits.length).toBeGreaterThan(6);
    const html = await (await fetch(`${server.url}/products/${encodeURIComponent(node.id)}?currency=USD&lang=en`, { headers: { accept: 'text/html' } })).text();
    const paragraph = /<p class="rate">([^<]*)<\/p>/.exec(html)?.[1] ?? '';
    expect(paragraph).toContain('Converted from');
    expect(paragraph).not.toContain(exact);
    expect(paragraph).toContain(displayRate(exact));
    expect(displayRate(exact).replace('.', '').replace(/^0+/, '').length).toBeLessThanOrEqual(6);
    // The page's embedded JSON-LD is the API's document: exact.
    expect(html).toContain(exact);
  });
});

describe('producer and origin names', () => {
  it('are romanised for an English visitor where the catalogue gives a form, and as written for a Japanese one', async () => {
    const { data } = await server.graphql('{ products(first: 1, filter: { economies: ["JP"], text: "kabosu" }) { edges { node { id } } } }');
    const id = data.products.edges[0].node.id as string;
    const page = (lang: string) =>
      fetch(`${server.url}/products/${encodeURIComponent(id)}?lang=${lang}`, { headers: { accept: 'text/html' } }).then((r) => r.text());
    const en = await page('en');
    const facts = /<dl class="facts">([\s\S]*?)<\/dl>/.exec(en)?.[1] ?? '';
    expect(facts).toMatch(/Oita, Japan/);
    expect(facts).toMatch(/<dd>[A-Z][A-Za-z -]+, Oita, Japan<\/dd>/);
    const ja = await page('ja');
    const jaFacts = /<dl class="facts">([\s\S]*?)<\/dl>/.exec(ja)?.[1] ?? '';
    expect(jaFacts).toContain('大分県');
    expect(jaFacts).not.toMatch(/Oita/);
  });
});
