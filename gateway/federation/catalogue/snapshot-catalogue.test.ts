import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { cachedDocuments, cachedRecordCount, catalogueOf, docOf, readDocuments } from './snapshot-catalogue';

const product = (local: string, name: string) =>
  ({
    id: `vn-ocop:${local}`,
    economy: 'VN',
    language: 'vi',
    name: { vi: name },
    description: { vi: name },
    origin: { country: 'VN' },
    certifications: [],
  }) as unknown as CanonicalProduct;

describe('snapshot catalogue', () => {
  // Handed over out of id order, as a harvest may: documents are numbered in id order all the same.
  const products = [product('C', 'trà sen'), product('A', 'mật ong'), product('B', 'nước mắm')];

  it('numbers documents in id order and finds them by id', async () => {
    const catalogue = await catalogueOf(products);
    expect([...catalogue.ids]).toEqual(['vn-ocop:A', 'vn-ocop:B', 'vn-ocop:C']);
    expect(docOf(catalogue, 'vn-ocop:B')).toBe(1);
    expect(docOf(catalogue, 'vn-ocop:Z')).toBe(-1);
  });

  it('reads records on demand, in the order asked, matching the ids', async () => {
    const catalogue = await catalogueOf(products);
    const records = await readDocuments(catalogue, [2, 0]);
    expect(records.map((r) => r.id)).toEqual(['vn-ocop:C', 'vn-ocop:A']);
    expect(records[0]).toEqual(products[0]);
  });

  it('leaves the document cache as it was when asked not to remember (a walk over every product)', async () => {
    const catalogue = await catalogueOf(products);
    const read = await readDocuments(catalogue, [0, 2], { remember: false });
    expect(read.map((r) => r.id)).toEqual(['vn-ocop:A', 'vn-ocop:C']);
    expect(cachedDocuments(catalogue, [0])).toBeUndefined();
    expect(cachedDocuments(catalogue, [2])).toBeUndefined();
  });

  it('gives a page at once only when the document cache holds every record of it', async () => {
    const catalogue = await catalogueOf(products);
    expect(cachedDocuments(catalogue, [1])).toBeUndefined();
    const read = await readDocuments(catalogue, [1]);
    expect(cachedDocuments(catalogue, [1])).toEqual(read);
    expect(cachedDocuments(catalogue, [1])![0]).toBe(read[0]);
    expect(cachedDocuments(catalogue, [1, 2])).toBeUndefined();
  });

  it('searches in the same numbering as the ids', async () => {
    const catalogue = await catalogueOf(products);
    const found = catalogue.search.search('mat ong');
    expect([...found!.docs]).toEqual([0]);
    expect(catalogue.ids.at(found!.docs[0]!)).toBe('vn-ocop:A');
  });

  it('keeps at most a bounded number of decoded records, however many are read', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => product(String(i).padStart(5, '0'), `sản phẩm ${i}`));
    const catalogue = await catalogueOf(many);
    await readDocuments(
      catalogue,
      many.map((_, doc) => doc),
    );
    expect(cachedRecordCount()).toBeLessThanOrEqual(4096);
  });
});
