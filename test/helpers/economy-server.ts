import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { serveOnFreePort, type Served } from './serve';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/catalogues/${name}`, import.meta.url));

export const TH_API_KEY = 'th-secret-api-key-5f2b9c';

export interface EconomyServer extends Served {
  requests: number;
}

/**
 * Two national servers the gateway has never heard of: Thailand's OTOP export (CSV in windows-874,
 * behind an API key) and the Philippines' OTOP API (JSON paged by cursor).
 */
export async function startEconomyServer(): Promise<EconomyServer> {
  const th = fixture('th-otop.csv');
  const ph = (JSON.parse(fixture('ph-otop.json').toString('utf8')) as { items: unknown[] }).items;
  const state = { requests: 0 };
  const app = new Hono()
    .use('*', async (_, next) => {
      state.requests++;
      await next();
    })
    .get('/th/otop.csv', (c) =>
      c.req.header('x-api-key') === TH_API_KEY
        ? c.body(new Uint8Array(th), 200, { 'content-type': 'text/csv; charset=windows-874' })
        : c.text('missing or wrong API key', 401),
    )
    .get('/ph/api/items', (c) => {
      const offset = Number(c.req.query('cursor') ?? 0);
      const limit = Number(c.req.query('limit') ?? 5);
      const next = offset + limit < ph.length ? String(offset + limit) : null;
      return c.json({ data: { items: ph.slice(offset, offset + limit) }, next });
    })
    .get('/redirect-to-metadata', (c) => c.redirect('http://169.254.169.254/latest/meta-data/'));
  const served = await serveOnFreePort(app.fetch);
  return Object.defineProperty({ ...served, requests: 0 }, 'requests', { get: () => state.requests }) as EconomyServer;
}

export function thManifest(base: string) {
  return {
    id: 'th-otop',
    economy: 'TH',
    programme: 'OTOP',
    name: 'Thailand OTOP',
    source: { url: `${base}/th/otop.csv`, format: 'csv', encoding: 'windows-874', headers: { 'X-Api-Key': TH_API_KEY } },
    defaults: { currency: 'THB', language: 'th' },
    refresh: { ttlSeconds: 3600 },
    mapping: {
      localId: 'รหัสสินค้า',
      name: { th: 'ชื่อสินค้า', en: 'ชื่อภาษาอังกฤษ' },
      description: { th: 'รายละเอียด' },
      category: 'หมวดหมู่',
      price: 'ราคา',
      rating: 'ระดับดาว',
      'producer.name': 'ผู้ผลิต',
      'origin.region': 'จังหวัด',
      'origin.locality': 'อำเภอ',
      gtin: 'บาร์โค้ด',
      hsCode: 'พิกัดศุลกากร',
      certifications: 'มาตรฐาน',
      images: 'รูปภาพ',
      netContent: 'น้ำหนักสุทธิ',
      ingredients: { th: 'ส่วนประกอบ' },
    },
  };
}

export function phManifest(base: string) {
  return {
    id: 'ph-otop',
    economy: 'PH',
    programme: 'OTOP',
    name: 'Philippines OTOP (DTI)',
    source: {
      url: `${base}/ph/api/items`,
      format: 'json',
      items: 'data.items',
      pagination: { type: 'cursor', param: 'cursor', next: 'next', sizeParam: 'limit', size: 5 },
    },
    defaults: { currency: 'PHP', language: 'fil' },
    mapping: {
      localId: 'sku',
      name: { fil: 'name_fil', en: 'name_en' },
      description: { en: 'description_en' },
      story: { en: 'story_en' },
      category: 'category',
      price: 'price',
      'producer.name': 'maker.name',
      'producer.region': 'maker.province',
      'origin.region': 'region',
      'origin.locality': 'town',
      gtin: 'gtin',
      hsCode: 'hs',
      certifications: 'certifications',
      netContent: 'net',
      ingredients: { en: 'ingredients_en' },
      allergens: 'allergens',
      labelLanguages: 'label_languages',
      images: 'photos',
    },
  };
}
