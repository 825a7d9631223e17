import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeLog } from '../gateway/changes/change-log';
import { readSampleFromDisk } from '../gateway/runtime/node/samples';
import { SAMPLE_FILES } from '../connectors/samples/samples';
import { SseReader } from './helpers/changes';
import { settled, startGateway, type TestGateway } from './helpers/gateway';

let gw: TestGateway;
let log: ChangeLog;
/** Edits made to Oita's CSV (Shift_JIS: ASCII edits only) before the gateway reads it. */
let edits: Array<(text: string) => string> = [];

beforeAll(async () => {
  gw = await startGateway(
    {},
    {
      readSample: async (path) => {
        const bytes = await readSampleFromDisk(path);
        if (path !== SAMPLE_FILES.jp || edits.length === 0) return bytes;
        const text = edits.reduce((t, edit) => edit(t), Buffer.from(bytes).toString('latin1'));
        const out = Buffer.from(text, 'latin1');
        return new Uint8Array(out.buffer, out.byteOffset, out.byteLength) as Uint8Array<ArrayBuffer>;
      },
    },
  );
  log = gw.gateway.changes;
  await settled(gw.gateway);
});
afterAll(() => gw.close());

/** The export's documents by product id, and its cursor. */
async function exportNow(query = ''): Promise<{ cursor: string; documents: Map<string, Record<string, unknown>>; lines: string[] }> {
  const response = await fetch(`${gw.url}/exports/products.ndjson${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  const text = await response.text();
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  const documents = new Map(lines.map((line) => JSON.parse(line) as Record<string, unknown>).map((doc) => [doc.identifier as string, doc]));
  return { cursor: response.headers.get('x-changes-cursor')!, documents, lines };
}

/** A document as a copy compares it: when it was fetched is not part of what it says. */
const content = (doc: Record<string, unknown>) => {
  const { fetchedAt: _, ...rest } = doc;
  return rest;
};

describe('GET /exports/products.ndjson', () => {
  it('streams every product as its JSON-LD document, one a line, with the feed head as X-Changes-Cursor', async () => {
    const index = await gw.gateway.federation.index();
    const { cursor, documents, lines } = await exportNow();
    expect(lines.length).toBe(index.size);
    expect(documents.size).toBe(index.size);
    expect(cursor).toBe(await log.head());
    // A browser reads the cursor too.
    const cors = await fetch(`${gw.url}/exports/products.ndjson?economy=MY`, { headers: { origin: 'https://portal.example' } });
    expect(cors.headers.get('access-control-allow-origin')).toBe('*');
    expect(cors.headers.get('access-control-expose-headers')).toContain('x-changes-cursor');
    await cors.body?.cancel();
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ type: 'Product', '@context': `${gw.url}/contexts/ovop.jsonld` });
  });

  it.each([
    ['', ''],
    ['?currency=USD', '?currency=USD'],
  ])("each line (query '%s') is /products/{id}'s document, byte for byte", async (exportQuery, productQuery) => {
    const { lines } = await exportNow(exportQuery);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const id = (JSON.parse(line) as { identifier: string }).identifier;
      const response = await fetch(`${gw.url}/products/${encodeURIComponent(id)}${productQuery}`, { headers: { accept: 'application/ld+json' } });
      expect(response.status).toBe(200);
      expect(line, id).toBe(await response.text());
    }
  });

  it('takes economy and currency', async () => {
    const { documents } = await exportNow('?economy=jp&currency=USD');
    expect(documents.size).toBe((await gw.gateway.federation.index()).economyCounts.get('JP'));
    for (const doc of documents.values()) expect(doc.economy).toBe('JP');
    const priced = [...documents.values()].find((d) => d.offers) as { offers: { priceSpecification?: unknown[] } } | undefined;
    expect(JSON.stringify(priced?.offers)).toContain('USD');
  });

  it.each([
    ['an economy that is not a code', '?economy=JAPAN'],
    ['a currency it does not convert to', '?currency=XXX'],
    ['a language tag that is not one', `?lang=${'x'.repeat(300)}`],
  ])('refuses %s with 400', async (_, query) => {
    const response = await fetch(`${gw.url}/exports/products.ndjson${query}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('BAD_USER_INPUT');
  });

  it("the export's cursor and the changes after it make a fresh export", async () => {
    const before = await exportNow();
    // Oita's catalogue moves: a price rises, a product leaves.
    edits = [(t) => t.replace('"1,200', '"1,350'), (t) => t.replace(/\r?\nOITA-0002,[^\n]*/, '')];
    // A refresh answers once its changes are in the log.
    await gw.gateway.federation.refresh('jp-ovop');
    const events: Array<{ type: string; subject: string; data: { product: Record<string, unknown> | null } }> = [];
    const expected = (await log.read({ after: before.cursor, limit: 500 })).entries.length;
    expect(expected).toBeGreaterThanOrEqual(2);
    const reader = new SseReader(await fetch(`${gw.url}/changes/stream?after=${before.cursor}`));
    while (events.length < expected) events.push(JSON.parse((await reader.next())!.data));
    await reader.close();
    // The copy applies each event: a removal drops the product, anything else takes its document.
    const copy = new Map(before.documents);
    for (const event of events) {
      if (event.type === 'ovop.product.removed') copy.delete(event.subject);
      else if (event.data.product) copy.set(event.subject, event.data.product);
    }
    const fresh = await exportNow();
    expect(copy.has('jp-ovop:OITA-0002')).toBe(false);
    expect([...copy.keys()].sort()).toEqual([...fresh.documents.keys()].sort());
    for (const [id, doc] of fresh.documents) expect(content(copy.get(id)!), id).toEqual(content(doc));
    // And the copy did change: the export before the edits is not the fresh one.
    expect(JSON.stringify(content(before.documents.get('jp-ovop:OITA-0001')!))).not.toBe(JSON.stringify(content(fresh.documents.get('jp-ovop:OITA-0001')!)));
  });
});

describe('GET /feeds/google-merchant.xml', () => {
  it('is a Merchant Center feed: RSS 2.0 with the g: namespace and each product as an item', async () => {
    const response = await fetch(`${gw.url}/feeds/google-merchant.xml?currency=USD&lang=en`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => name === 'item' || name === 'g:additional_image_link',
      parseTagValue: false,
    }).parse(xml);
    expect(feed.rss['@_version']).toBe('2.0');
    expect(feed.rss['@_xmlns:g']).toBe('http://base.google.com/ns/1.0');
    const items = feed.rss.channel.item as Array<Record<string, string>>;
    const index = await gw.gateway.federation.index();
    expect(items.length).toBe(index.size);
    for (const item of items) {
      expect(item['g:id']!.length).toBeLessThanOrEqual(50);
      expect([...item.title!].length).toBeLessThanOrEqual(150);
      expect([...item.description!].length).toBeLessThanOrEqual(5000);
      expect(item.link).toBe(`${gw.url}/products/${encodeURIComponent(item['g:id']!)}`);
      if (item['g:price']) expect(item['g:price']).toMatch(/^\d+\.\d{2} USD$/);
      if (item['g:availability']) expect(['in_stock', 'out_of_stock', 'preorder', 'backorder']).toContain(item['g:availability']);
    }
    const [kabosu] = await index.lookup(['jp-ovop:OITA-0001']);
    const item = items.find((i) => i['g:id'] === 'jp-ovop:OITA-0001')!;
    expect(item.title).toBe(kabosu!.product.name.en);
    expect(item['g:image_link']).toBe(kabosu!.product.images[0]);
    expect(item['g:gtin']).toBe(kabosu!.product.gtin);
    expect(item['g:brand']).toBe(kabosu!.product.producer!.name);
    expect(item['g:google_product_category']).toBe('422');
    expect(item['g:condition']).toBe('new');
    // Stock the catalogues state (Vietnam's ton_kho, Indonesia's stok) becomes g:availability; none, none.
    const vn = (id: string) => items.find((i) => i['g:id'] === id)!;
    expect(vn('vn-ocop:LS-0001')['g:availability']).toBe('in_stock');
    const unknown = (await index.lookup(items.map((i) => i['g:id']!))).filter((p) => p && !p.product.availability).map((p) => p!.product.id);
    expect(unknown.length).toBeGreaterThan(0);
    for (const id of unknown) expect(vn(id)['g:availability']).toBeUndefined();
    expect(new Set(items.map((i) => i['g:availability']).filter(Boolean))).toEqual(new Set(['in_stock', 'out_of_stock', 'preorder']));
  });

  it('takes economy, and escapes what it writes', async () => {
    const response = await fetch(`${gw.url}/feeds/google-merchant.xml?economy=VN&lang=vi`);
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const items = new XMLParser({ isArray: (name) => name === 'item' }).parse(xml).rss.channel.item as Array<Record<string, string>>;
    expect(items.length).toBe((await gw.gateway.federation.index()).economyCounts.get('VN'));
    for (const item of items) expect(item['g:id']).toMatch(/^vn-ocop:/);
  });

  it('refuses a query it cannot serve with 400', async () => {
    expect((await fetch(`${gw.url}/feeds/google-merchant.xml?currency=XXX`)).status).toBe(400);
    expect((await fetch(`${gw.url}/feeds/google-merchant.xml?economy=%3Cx%3E`)).status).toBe(400);
  });
});
