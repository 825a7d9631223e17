import { describe, expect, it, vi } from 'vitest';
import type { CanonicalProduct } from '../../schemas/product';
import { CatalogueIndex } from '../federation/catalogue/catalogue-index';
import { catalogueOf } from '../federation/catalogue/snapshot-catalogue';
import type { Snapshot } from '../federation/snapshot';
import { BUNDLED_RATES } from '../money/rates/bundled';
import { DocumentTexts } from './document-texts';
import { productDocumentText } from './product-document';

const product = (local: string, amount: string) =>
  ({
    id: `vn-ocop:${local}`,
    connector: 'vn-ocop',
    economy: 'VN',
    programme: 'OCOP',
    language: 'vi',
    name: { vi: `mật ong ${local}` },
    origin: { country: 'VN' },
    price: { amount, currency: 'VND' },
    certifications: [],
  }) as unknown as CanonicalProduct;

async function indexOf(products: CanonicalProduct[], fetchedAt = '2026-12-07T00:00:00.000Z') {
  const snapshot: Snapshot = { connector: 'vn-ocop', catalogue: await catalogueOf(products), quarantined: [], records: products.length, fetchedAt };
  return new CatalogueIndex([snapshot]);
}

const options = { origin: 'https://gw.example', rates: BUNDLED_RATES };

describe('DocumentTexts', () => {
  it('gives each product its document text, null for one the index lacks, and reads a record once while its text is held', async () => {
    const index = await indexOf([product('A', '100000'), product('B', '200000')]);
    const texts = new DocumentTexts();
    const [record] = await index.lookup(['vn-ocop:B']);
    const read = vi.spyOn(index, 'eachRecord');
    const first = await texts.of(index, ['vn-ocop:B', 'vn-ocop:Z', 'vn-ocop:B'], options);
    expect(first.get('vn-ocop:B')).toBe(productDocumentText(record!, options));
    expect(first.get('vn-ocop:Z')).toBeNull();
    expect(read).toHaveBeenCalledTimes(1);
    // Asked for a second time, the text is built again and kept; from then on it is not built, nor its record read.
    expect((await texts.of(index, ['vn-ocop:B'], options)).get('vn-ocop:B')).toBe(first.get('vn-ocop:B'));
    expect(read).toHaveBeenCalledTimes(2);
    expect((await texts.of(index, ['vn-ocop:B'], options)).get('vn-ocop:B')).toBe(first.get('vn-ocop:B'));
    expect(read).toHaveBeenCalledTimes(2);
    expect(texts.bytes).toBeGreaterThan(0);
  });

  it("reads through the shards when they hold the catalogue: one look-up of the misses, texts kept by the index's version", async () => {
    const whole = await indexOf([product('A', '100000'), product('B', '200000')]);
    const asked: string[][] = [];
    const lookup = async (ids: readonly string[], { remember }: { remember: boolean }) => {
      expect(remember).toBe(false);
      asked.push([...ids]);
      return whole.lookup(ids);
    };
    const sharded = (version: number) => new CatalogueIndex([], new Set(), version, { lookup });
    const texts = new DocumentTexts();
    const [record] = await whole.lookup(['vn-ocop:A']);
    for (let i = 0; i < 3; i++) {
      const found = await texts.of(sharded(1), ['vn-ocop:A', 'vn-ocop:Z', 'vn-ocop:A'], options);
      expect(found.get('vn-ocop:A')).toBe(productDocumentText(record!, options));
      expect(found.get('vn-ocop:Z')).toBeNull();
    }
    // Kept from its second asking; a new version (a harvest) reads again.
    expect(asked).toEqual([['vn-ocop:A', 'vn-ocop:Z'], ['vn-ocop:A', 'vn-ocop:Z'], ['vn-ocop:Z']]);
    await texts.of(sharded(2), ['vn-ocop:A'], options);
    expect(asked.at(-1)).toEqual(['vn-ocop:A']);
  });

  it('keeps nothing from a reader that passes over each product once', async () => {
    const index = await indexOf(Array.from({ length: 40 }, (_, i) => product(`P${i}`, String(1000 + i))));
    const texts = new DocumentTexts();
    for (const id of index.ids()) await texts.of(index, [id], options);
    expect(texts.bytes).toBe(0);
  });

  it('keys texts by catalogue, origin and currency: a new harvest, another origin or a currency builds anew', async () => {
    const texts = new DocumentTexts();
    const before = await indexOf([product('A', '100000')]);
    const after = await indexOf([product('A', '120000')], '2026-12-07T01:00:00.000Z');
    const old = (await texts.of(before, ['vn-ocop:A'], options)).get('vn-ocop:A')!;
    const fresh = (await texts.of(after, ['vn-ocop:A'], options)).get('vn-ocop:A')!;
    expect(JSON.parse(old).offers.price).toBe('100000');
    expect(JSON.parse(fresh).offers.price).toBe('120000');
    const elsewhere = (await texts.of(after, ['vn-ocop:A'], { ...options, origin: 'https://other.example' })).get('vn-ocop:A')!;
    expect(JSON.parse(elsewhere).id).toBe('https://other.example/products/vn-ocop%3AA');
    const inYen = (await texts.of(after, ['vn-ocop:A'], { ...options, currency: 'JPY' })).get('vn-ocop:A')!;
    expect(JSON.parse(inYen).offers.priceSpecification.priceCurrency).toBe('JPY');
    expect(JSON.parse((await texts.of(after, ['vn-ocop:A'], options)).get('vn-ocop:A')!).offers.priceSpecification).toBeUndefined();
  });

  it('holds no more bytes than its bound', async () => {
    const index = await indexOf(Array.from({ length: 40 }, (_, i) => product(`P${i}`, String(1000 + i))));
    const texts = new DocumentTexts({ maxBytes: 4096 });
    await texts.of(index, index.ids(), options);
    const all = await texts.of(index, index.ids(), options);
    expect([...all.values()].every((t) => t !== null)).toBe(true);
    expect(texts.bytes).toBeGreaterThan(0);
    expect(texts.bytes).toBeLessThanOrEqual(4096);
  });
});
