import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEconomyServer, thManifest, type EconomyServer } from './helpers/economy-server';
import { startGateway, type TestGateway } from './helpers/gateway';
import { serveOnFreePort, type Served } from './helpers/serve';

const ADMIN = 'operator-token-for-the-pages-suite';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const ATTACK = '</script><script>alert(1)</script><!--';
const LS = `/products/${encodeURIComponent('vn-ocop:LS-0001')}`;

/** A GTIN with its check digit appended to `body`. */
function withCheckDigit(body: string): string {
  const sum = [...body].reverse().reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}
const UPC = withCheckDigit('04210000526'); // GTIN-12
const EAN8 = withCheckDigit('9638507'); // GTIN-8

let gateway: TestGateway;
let economy: EconomyServer;
let hostile: Served;
let thKey: string;
const logs: string[] = [];

beforeAll(async () => {
  // A member economy whose catalogue carries markup meant to break out of the page's JSON-LD.
  const items = [
    { sku: 'EVIL-1', name: `Mat ${ATTACK}`, story: `A story ${ATTACK} & "quotes" 'too' \u2028`, price: 350, gtin: UPC, region: '<b>Ilocos</b>' },
    { sku: 'EVIL-2', name: 'Banig mat', story: 'Woven pandan.', price: 120, gtin: EAN8, region: 'Samar' },
  ];
  const app = new Hono().get('/items', (c) => c.json({ items }));
  [gateway, economy, hostile] = await Promise.all([
    startGateway(
      { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' },
      {
        log: (level, message, fields) => logs.push(JSON.stringify({ level, message, ...fields })),
      },
    ),
    startEconomyServer(),
    serveOnFreePort(app.fetch),
  ]);
  const admin = { authorization: `Bearer ${ADMIN}` };
  const ph = (await gateway.graphql('mutation { createEconomyKey(economy: "PH") { key } }', {}, admin)).data.createEconomyKey.key;
  thKey = (await gateway.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, admin)).data.createEconomyKey.key;
  const manifest = {
    id: 'ph-crafts',
    economy: 'PH',
    programme: 'OTOP',
    name: 'PH crafts',
    source: { url: `${hostile.url}/items`, format: 'json', items: 'items' },
    defaults: { currency: 'PHP', language: 'en' },
    mapping: { localId: 'sku', name: { en: 'name' }, story: { en: 'story' }, price: 'price', gtin: 'gtin', 'origin.region': 'region' },
  };
  const registered = await gateway.graphql(
    'mutation($m: JSON!) { registerConnector(manifest: $m) { report { accepted } } }',
    { m: manifest },
    { authorization: `Bearer ${ph}` },
  );
  expect(registered.data.registerConnector.report.accepted).toBe(2);
}, 60_000);
afterAll(async () => {
  await Promise.all([gateway?.close(), economy?.close(), hostile?.close()]);
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${gateway.url}${path}`, { headers, redirect: 'manual' });

describe('the search page (/)', () => {
  it('is the portal, not a redirect: a form with every field, a label on each control', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    for (const name of ['q', 'lang', 'currency', 'economy', 'category', 'minRating']) {
      const id = new RegExp(`<(input|select)[^>]*id="([^"]+)"[^>]*name="${name}"`).exec(html)?.[2];
      expect(id, name).toBeTruthy();
      expect(html).toContain(`<label for="${id}">`);
    }
  });

  it('speaks ?lang=, else Accept-Language, else English', async () => {
    expect(await (await get('/?lang=th')).text()).toMatch(/<html lang="th">/);
    expect(await (await get('/', { 'accept-language': 'fil-PH,fil;q=0.9' })).text()).toMatch(/<html lang="fil">.*Maghanap/s);
    expect(await (await get('/?lang=ja', { 'accept-language': 'vi' })).text()).toMatch(/<html lang="ja">/);
    expect(await (await get('/', { 'accept-language': 'de-DE' })).text()).toMatch(/<html lang="en">/);
  });

  it('finds "lap suon" in Vietnamese priced in USD, with the name marked by its language', async () => {
    const html = await (await get('/?q=lap+suon&lang=vi&currency=USD')).text();
    expect(html).toContain('<span lang="vi">Lạp sườn Bích Trâm</span>');
    expect(html).toMatch(/class="price">[^<]*US\$/);
  });

  it('marks a name that is not in the visitor language as a fallback', async () => {
    const html = await (await get('/?q=lap+suon&lang=th')).text();
    expect(html).toMatch(/<span lang="(en|vi)">[^<]+<\/span><span class="fallback"/);
  });

  it('pages with the signed Relay cursors, without overlap, and refuses a forged cursor', async () => {
    const first = await (await get('/?lang=en')).text();
    const next = /<a href="([^"]+)" rel="next">/.exec(first)![1]!.replaceAll('&amp;', '&');
    expect(next).toMatch(/after=/);
    const second = await (await get(next)).text();
    const ids = (html: string) => [...html.matchAll(/href="\/products\/([^"?]+)/g)].map((m) => m[1]);
    expect(ids(first)).toHaveLength(12);
    expect(ids(second)).toHaveLength(12);
    expect(ids(second).filter((id) => ids(first).includes(id))).toEqual([]);
    const cursor = new URL(next, gateway.url).searchParams.get('after')!;
    const forged = await get(`/?lang=en&after=${encodeURIComponent(`${cursor.slice(0, -2)}AA`)}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('the cursor is not one this gateway issued');
    const foreign = await get(`/?lang=en&q=kopi&after=${encodeURIComponent(cursor)}`);
    expect(foreign.status).toBe(400);
  });

  it('answers bad input with a 400 page: unknown currency, malformed language, rating out of range', async () => {
    for (const query of ['currency=XYZ', 'lang=%21%21', 'minRating=11', 'economy=ZZZ']) {
      const response = await get(`/?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    }
  });

  it('escapes what the visitor typed (reflected XSS)', async () => {
    const html = await (await get(`/?q=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('sends a strict Content-Security-Policy, nosniff and a referrer policy', async () => {
    const response = await get('/');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });
});

describe('the product page (/products/{id})', () => {
  it('answers a browser with the page and a machine with JSON-LD at the same IRI, both varying by Accept', async () => {
    const page = await get(LS, HTML);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('vary')).toMatch(/Accept/);
    for (const accept of [undefined, '*/*', 'application/ld+json', 'application/json, text/html']) {
      const machine = await get(LS, accept ? { accept } : {});
      expect(machine.headers.get('content-type'), accept).toBe('application/ld+json; charset=utf-8');
      expect(machine.headers.get('vary'), accept).toMatch(/Accept/);
      expect((await machine.json()).identifier).toBe('vn-ocop:LS-0001');
    }
  });

  it('shows the story, producer, origin, price with its rate, rating, certificates, marketplaces, traceability, destinations', async () => {
    const html = await (await get(`${LS}?lang=en&currency=USD`, HTML)).text();
    expect(html).toContain('Đồng Mỏ'); // the story (in Vietnamese, marked as a fallback)
    expect(html).toContain('Cơ sở sản xuất lạp sườn Bích Trâm');
    expect(html).toContain('Chi Lăng');
    expect(html).toMatch(/Converted from ₫180,000 at [\d.]+ \(VND → USD\), rate of \d{4}-\d{2}-\d{2}, source: /);
    expect(html).toContain('4 of 5 stars');
    expect(html).toMatch(/OCOP certificate<\/strong> 1685\/QĐ-UBND/);
    expect(html).toContain('href="https://voso.vn/');
    expect(html).toContain('href="https://samples.ovop.example/vn/truy-xuat/LS-0001"');
    expect(html).toMatch(/<form class="pick" method="get" action="\/products\/vn-ocop%3ALS-0001\/compliance">/);
    expect(html).toContain('<option value="JP" selected="">');
  });

  it('embeds the same JSON-LD document as the IRI serves, with the context inline', async () => {
    const html = await (await get(`${LS}?currency=USD`, HTML)).text();
    const embedded = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    const served = await (await get(`${LS}?currency=USD`)).json();
    expect(embedded['@context']['@version']).toBe(1.1);
    const { '@context': _a, ...rest } = embedded;
    const { '@context': _b, ...expected } = served;
    expect(rest).toEqual(expected);
  });

  it('cannot be broken out of by a product text: </script>, <!-- and markup stay data (attack)', async () => {
    const path = `/products/${encodeURIComponent('ph-crafts:EVIL-1')}`;
    const html = await (await get(path, HTML)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<!--');
    expect(html).not.toContain('<b>Ilocos');
    expect(html.match(/<script/g)).toHaveLength(2); // the JSON-LD data block and the page's own script
    const embedded = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);
    expect(embedded.name.en).toBe(`Mat ${ATTACK}`);
    expect(embedded.story.en).toContain(ATTACK);
    expect(html).toContain('Mat &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--');
  });

  it('answers an unknown product with a 404 page to a browser and the JSON error to a machine', async () => {
    const page = await get('/products/vn-ocop%3ANOPE', HTML);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const machine = await get('/products/vn-ocop%3ANOPE');
    expect(machine.status).toBe(404);
    expect((await machine.json()).error.code).toBe('NOT_FOUND');
  });

  it('is cacheable: an ETag keyed on language and currency, and 304 for If-None-Match', async () => {
    const first = await get(`${LS}?lang=vi&currency=USD`, HTML);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    const again = await get(`${LS}?lang=vi&currency=USD`, { ...HTML, 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const otherCurrency = await get(`${LS}?lang=vi&currency=JPY`, { ...HTML, 'if-none-match': etag });
    expect(otherCurrency.status).toBe(200);
    expect(otherCurrency.headers.get('etag')).not.toBe(etag);
    const otherLanguage = await get(`${LS}?lang=ja&currency=USD`, { ...HTML, 'if-none-match': etag });
    expect(otherLanguage.status).toBe(200);
    expect(otherLanguage.headers.get('etag')).not.toBe(etag);
    const search = await get('/?q=kopi');
    expect((await get('/?q=kopi', { 'if-none-match': search.headers.get('etag')! })).status).toBe(304);
  });

  it('prices in the currency of the visitor region when no currency is asked (vi-VN → VND)', async () => {
    const html = await (await get(`/products/${encodeURIComponent('jp-ovop:OITA-0001')}`, { ...HTML, 'accept-language': 'vi-VN' })).text();
    expect(html).toMatch(/class="price">[^<]*₫/);
    const original = await (await get(`/products/${encodeURIComponent('jp-ovop:OITA-0001')}?currency=`, { ...HTML, 'accept-language': 'vi-VN' })).text();
    expect(original).toMatch(/class="price">[^<]*¥/);
  });
});

describe('the export checklist (/products/{id}/compliance/{destination})', () => {
  it('is a page for a browser: overall status and each check with requirement, status, detail, reference', async () => {
    const response = await get(`${LS}/compliance/JP?lang=vi`, HTML);
    expect(response.status).toBe(200);
    expect(response.headers.get('vary')).toMatch(/Accept/);
    const html = await response.text();
    expect(html).toMatch(/data-status="(READY|GAPS|BLOCKED)"/);
    expect(html).toContain('Căn cứ pháp lý');
    expect(html.match(/<tr data-code="/g)!.length).toBeGreaterThan(3);
  });

  it('stays JSON-LD for a machine', async () => {
    const response = await get(`${LS}/compliance/JP`);
    expect(response.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
  });

  it('is where the destination picker leads (a GET form, no JavaScript needed); a bad destination is a 400 page', async () => {
    const picked = await get(`${LS}/compliance?destination=jp&lang=en`, HTML);
    expect(picked.status).toBe(303);
    expect(picked.headers.get('location')).toBe(`${LS}/compliance/JP?lang=en`);
    expect((await get(`${LS}/compliance?destination=XX`, HTML)).status).toBe(400);
    expect((await get(`${LS}/compliance/XX`, HTML)).status).toBe(400);
  });
});

describe('GS1 Digital Link (/01/{gtin})', () => {
  it('sends a scanned GTIN-13, as GTIN-14, to the product IRI with 307, carrying lang and currency', async () => {
    for (const gtin of ['08936042100014', '8936042100014']) {
      const response = await get(`/01/${gtin}?lang=vi&currency=USD&utm=x`);
      expect(response.status).toBe(307);
      expect(response.headers.get('location')).toBe(`${LS}?lang=vi&currency=USD`);
    }
    expect((await get('/01/08936042100014/10/LOT42')).headers.get('location')).toBe(LS);
  });

  it('normalises GTIN-8 and GTIN-12 to 14 digits', async () => {
    expect((await get(`/01/${UPC}`)).headers.get('location')).toBe(`/products/${encodeURIComponent('ph-crafts:EVIL-1')}`);
    expect((await get(`/01/${UPC.padStart(14, '0')}`)).status).toBe(307);
    expect((await get(`/01/${EAN8.padStart(14, '0')}`)).headers.get('location')).toBe(`/products/${encodeURIComponent('ph-crafts:EVIL-2')}`);
  });

  it('answers an invalid GTIN (check digit, letters, length) and an unknown one with a 404 page', async () => {
    for (const gtin of ['08936042100015', '0893604210001A', '123', `${'9'.repeat(40)}`, '%3Cscript%3E']) {
      const response = await get(`/01/${gtin}`, HTML);
      expect(response.status, gtin).toBe(404);
      const html = await response.text();
      expect(html).toContain('not a valid GTIN');
      expect(html.match(/<script/g), gtin).toHaveLength(1); // the page's own script only
    }
    const unknown = await get(`/01/${withCheckDigit('0000000000001')}`, HTML);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('No product carries the barcode');
    expect((await get('/01/08936042100015')).status).toBe(404);
  });
});

describe('the sitemap (/sitemap.xml)', () => {
  it('lists every product page, XML-escaped, in the sitemaps namespace', async () => {
    const response = await get('/sitemap.xml');
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await response.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    const { data } = await gateway.graphql('{ products(first: 0) { totalCount } }');
    const locs = [...xml.matchAll(/<url><loc>([^<]+)<\/loc><\/url>/g)].map((m) => m[1]);
    expect(locs).toHaveLength(data.products.totalCount);
    expect(locs).toContain(`${gateway.url}${LS}`);
    expect(locs).toContain(`${gateway.url}/products/ph-crafts%3AEVIL-1`);
    expect((await get('/sitemap.xml', { 'if-none-match': response.headers.get('etag')! })).status).toBe(304);
  });
});

describe('economy onboarding (/register)', () => {
  const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', origin: gateway.url, ...headers },
      body: new URLSearchParams(body),
      redirect: 'manual',
    });

  it('is a POST form with the key, the manifest, dry run and register, and links the JSON Schema', async () => {
    const html = await (await get('/register')).text();
    expect(html).toMatch(/<form method="post" action="\/register"[^>]*autocomplete="off"/);
    expect(html).toMatch(/<input id="key" name="key" type="password"[^>]*autocomplete="off"/);
    expect(html).toContain('<textarea id="manifest" name="manifest"');
    expect(html).toMatch(/<button type="submit" name="dryRun"/);
    expect(html).toMatch(/<button type="submit" name="register"/);
    expect(html).toContain('href="/schemas/manifest.json"');
  });

  it('dry-runs a manifest with broken records: counts and each issue; the key is in no page and no log', async () => {
    const response = await post({ key: thKey, manifest: JSON.stringify(thManifest(economy.url)), dryRun: '1' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('<strong data-count="sampled">16</strong>');
    expect(html).toContain('<strong data-count="accepted">14</strong>');
    expect(html).toContain('<strong data-count="rejected">2</strong>');
    expect(html.match(/<tr class="issue">/g)).toHaveLength(2);
    expect(html).toContain('OTOP-TH-0901');
    expect(html).not.toContain(thKey);
    expect(logs.join('\n')).not.toContain(thKey);
    const { data } = await gateway.graphql('{ connectors { id } }');
    expect(data.connectors.map((c: { id: string }) => c.id)).not.toContain('th-otop');
  });

  it('registers and shows the connector status', async () => {
    const html = await (await post({ key: thKey, manifest: JSON.stringify(thManifest(economy.url)), register: '1' })).text();
    expect(html).toMatch(/<dd data-status="(UP|DEGRADED)">/);
    expect(html).toContain('th-otop');
    expect(html).not.toContain(thKey);
    expect(logs.join('\n')).not.toContain(thKey);
  });

  it('refuses a cross-site submission before doing anything (CSRF, attack)', async () => {
    const before = economy.requests;
    const body = { key: thKey, manifest: JSON.stringify(thManifest(economy.url)), dryRun: '1' };
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { 'sec-fetch-site': '', origin: 'https://evil.example' }]) {
      const request = { ...headers } as Record<string, string>;
      const response = await fetch(`${gateway.url}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...Object.fromEntries(Object.entries(request).filter(([, v]) => v)) },
        body: new URLSearchParams(body),
      });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.text()).not.toContain(thKey);
    }
    expect(economy.requests).toBe(before);
  });

  it('answers a wrong key, another economy key, broken JSON and an invalid manifest with the reason, never the key', async () => {
    const manifest = JSON.stringify(thManifest(economy.url));
    const wrong = await post({ key: 'ovop_th_not-a-real-key', manifest, dryRun: '1' });
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('UNAUTHENTICATED');
    const broken = await post({ key: thKey, manifest: '{"id": ', dryRun: '1' });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('not valid JSON');
    const invalid = await post({ key: thKey, manifest: JSON.stringify({ ...thManifest(economy.url), id: 'BAD ID' }), dryRun: '1' });
    expect(invalid.status).toBe(400);
    const html = await invalid.text();
    expect(html).toMatch(/<code>id<\/code>/);
    expect(html).not.toContain(thKey);
    const missing = await post({ manifest, dryRun: '1' });
    expect(missing.status).toBe(400);
  });

  it('serves the committed JSON Schema of the manifest', async () => {
    const response = await get('/schemas/manifest.json');
    expect(response.headers.get('content-type')).toBe('application/schema+json; charset=utf-8');
    const committed = JSON.parse(readFileSync(new URL('../schemas/manifest.schema.json', import.meta.url), 'utf8'));
    expect(await response.json()).toEqual(committed);
  });
});
