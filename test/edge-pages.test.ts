import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';
import { startGateway, type TestGateway } from './helpers/gateway';

// One CURSOR_SECRET on both sides: the pages' signed cursors then match byte for byte.
const env = { GATEWAY_ADMIN_TOKEN: 'operator-token-shared-by-node-and-edge-pages', CURSOR_SECRET: 'cursor-secret-shared-by-node-and-edge-pages' };
const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
let node: TestGateway;
let edge: EdgeGateway;

beforeAll(async () => {
  [node, edge] = await Promise.all([startGateway(env), startEdgeGateway(env)]);
}, 120_000);
afterAll(async () => {
  await Promise.all([node?.close(), edge?.close()]);
});

/** A page with what legitimately differs between two servers removed: origins and harvest times. */
function comparable(body: string, origin: string): string {
  return body
    .replaceAll(origin, 'ORIGIN')
    .replace(/"fetchedAt":"[^"]+"/g, '"fetchedAt":"TIME"')
    .replace(/(harvested|取得|diambil|cập nhật|ดึงเมื่อ|kinuha noong) \d{4}-\d{2}-\d{2}/g, '$1 DATE');
}

const PAGES = [
  '/?lang=vi&currency=USD&q=lap+suon',
  '/?lang=ja&q=%E3%81%8B%E3%81%BC%E3%81%99',
  '/?lang=th&economy=ID&minRating=4&currency=THB',
  `/products/${encodeURIComponent('vn-ocop:LS-0001')}?lang=en&currency=USD`,
  `/products/${encodeURIComponent('jp-ovop:OITA-0001')}?lang=ja`,
  `/products/${encodeURIComponent('my-ovop:MY-0014')}?lang=ms&currency=IDR`,
  `/products/${encodeURIComponent('vn-ocop:LS-0001')}/compliance/JP?lang=vi`,
  `/products/${encodeURIComponent('id-ovop:IDN-0005')}/compliance/MY?lang=id`,
  '/register?lang=fil',
  '/products/vn-ocop%3ANOPE',
  '/01/08936042100015',
];

describe('the Workers build renders the same pages as the Node build', () => {
  it.each(PAGES)('%s', async (path) => {
    const [a, b] = await Promise.all([fetch(`${node.url}${path}`, { headers: HTML }), fetch(`${edge.url}${path}`, { headers: HTML })]);
    expect(b.status).toBe(a.status);
    for (const header of ['content-type', 'content-security-policy', 'cache-control', 'vary', 'content-language']) {
      expect(b.headers.get(header), header).toBe(a.headers.get(header));
    }
    expect(comparable(await b.text(), edge.url)).toBe(comparable(await a.text(), node.url));
  });

  it('follows a GS1 Digital Link, serves the sitemap and the manifest schema alike', async () => {
    for (const path of ['/01/08936042100014?lang=vi&currency=USD', '/sitemap.xml', '/schemas/manifest.json']) {
      const [a, b] = await Promise.all([fetch(`${node.url}${path}`, { redirect: 'manual' }), fetch(`${edge.url}${path}`, { redirect: 'manual' })]);
      expect(b.status, path).toBe(a.status);
      expect(b.headers.get('location'), path).toBe(a.headers.get('location'));
      expect(comparable(await b.text(), edge.url), path).toBe(comparable(await a.text(), node.url));
    }
  });
});
