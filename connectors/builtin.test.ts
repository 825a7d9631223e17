import { beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../schemas/product';
import { createBuiltinConnectors } from './builtin';
import type { Harvest } from './core/connector';
import { createUpstreamsApp } from './samples/app';
import { readSampleFromDisk } from '../gateway/runtime/node/samples';

const app = createUpstreamsApp(readSampleFromDisk);
const harvests: Record<string, Harvest> = {};
const product = (id: string): CanonicalProduct => {
  const [connector] = id.split(':');
  const found = harvests[connector!]!.products.find((p) => p.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

beforeAll(async () => {
  for (const connector of createBuiltinConnectors('http://samples.test')) {
    harvests[connector.id] = await connector.harvest({ transport: async (url, init) => app.request(url, init) });
  }
});

describe('built-in connectors over the sample catalogues', () => {
  it.each(['jp-ovop', 'id-ovop', 'my-ovop', 'vn-ocop'])('%s serves at least 30 products and quarantines the malformed ones', (id) => {
    const h = harvests[id]!;
    expect(h.products.length).toBeGreaterThanOrEqual(30);
    expect(h.records - h.products.length).toBe(3);
    for (const q of h.quarantined) expect(q.record).toMatch(/-09\d\d$/);
  });

  it('reads paged APIs page by page until the end', () => {
    expect(harvests['id-ovop']!.pages).toBeGreaterThan(2);
    expect(harvests['vn-ocop']!.pages).toBeGreaterThan(2);
  });

  it('names every quarantine reason with its field', () => {
    const reasons = Object.values(harvests).flatMap((h) => h.quarantined.map((q) => `${q.record} ${q.path}`));
    expect(reasons).toEqual(
      expect.arrayContaining([
        'OITA-0902 price',
        'OITA-0903 gtin',
        'IDN-0901 rating.value',
        'IDN-0903 name.id',
        'MY-0901 name',
        'MY-0902 price',
        'VN-0901 rating.value',
        'VN-0902 price',
        'VN-0903 name.vi',
      ]),
    );
  });

  it('decodes Shift_JIS, including the yen sign at 0x5C that decodes as a backslash', () => {
    expect(product('jp-ovop:OITA-0001').name.ja).toBe('大分かぼす（青果）');
    expect(product('jp-ovop:OITA-0002').price).toEqual({ amount: expect.stringMatching(/^\d+$/), currency: 'JPY' });
    expect(product('jp-ovop:OITA-0001')).toMatchObject({
      origin: { country: 'JP', region: '大分県', locality: '臼杵市' },
      hsCode: '080590',
      certifications: [{ scheme: 'GI', id: '第33号' }],
    });
  });

  it('stores decomposed (NFD) text as NFC and maps the look-alike Ð to Đ', () => {
    const nfd = product('vn-ocop:LS-0003').name.vi!;
    expect(nfd).toBe(nfd.normalize('NFC'));
    expect(nfd.startsWith('Miến')).toBe(true);
    expect(product('vn-ocop:DL-0003').name.vi!.startsWith('Đặc sản')).toBe(true);
  });

  it('gives OCOP certificates their 36-month validity', () => {
    const ocop = product('vn-ocop:LS-0001').certifications.find((c) => c.scheme === 'OCOP');
    expect(ocop?.validUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('maps national words to shared codes: categories, allergens, certificate schemes', () => {
    const all = Object.values(harvests).flatMap((h) => h.products);
    expect(new Set(all.map((p) => p.category))).toEqual(new Set(['FOOD', 'BEVERAGE', 'HERBAL', 'TEXTILE', 'HANDICRAFT', 'RURAL_TOURISM']));
    expect(all.some((p) => p.allergens.includes('WHEAT'))).toBe(true);
    const schemes = new Set(all.flatMap((p) => p.certifications.map((c) => c.scheme)));
    for (const s of ['HALAL', 'JAS_ORGANIC', 'GI', 'VIETGAP', 'OCOP', 'BPOM']) expect(schemes).toContain(s);
  });

  it('keeps prices exact in the source currency', () => {
    expect(product('my-ovop:MY-0001').price).toEqual({ amount: '85', currency: 'MYR' });
    for (const p of harvests['vn-ocop']!.products) if (p.price) expect(p.price.amount).toMatch(/^\d+$/);
  });
});
