import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../schemas/product';
import { certificatesOf, decodeRow, encodeRow, MAX_ROW_BYTES, productState } from './product-state';

const product = (over: Partial<CanonicalProduct> = {}): CanonicalProduct => ({
  id: 'vn-ocop:T-1',
  connector: 'vn-ocop',
  localId: 'T-1',
  economy: 'VN',
  programme: 'OCOP',
  language: 'vi',
  name: { vi: 'Nước mắm Phú Quốc', en: 'Phu Quoc fish sauce' },
  category: 'FOOD',
  price: { amount: '120000', currency: 'VND' },
  origin: { country: 'VN', region: 'Kiên Giang' },
  allergens: ['FISH', 'CRUSTACEANS'],
  labelLanguages: ['vi', 'en'],
  images: ['https://example.org/a.jpg'],
  marketplaces: [],
  certifications: [{ scheme: 'HALAL', id: 'H-1', issuer: 'JAKIM', validUntil: '2027-01-31' }],
  ...over,
});

describe('productState', () => {
  it('flattens a product into paths, leaving out where it came from and when', async () => {
    const { fields } = productState(product());
    expect(fields).toMatchObject({
      'price.amount': '120000',
      'price.currency': 'VND',
      'name.vi': 'Nước mắm Phú Quốc',
      'certifications.HALAL.validUntil': '2027-01-31',
      'origin.region': 'Kiên Giang',
      allergens: ['CRUSTACEANS', 'FISH'],
    });
    for (const key of ['id', 'connector', 'localId', 'economy', 'fetchedAt']) expect(Object.keys(fields).some((p) => p.startsWith(key))).toBe(false);
  });

  it('gives one hash whatever the fetch time or the order of sets and certificates', async () => {
    const a = productState(product());
    const b = productState({
      ...product({ allergens: ['FISH', 'CRUSTACEANS'].reverse() }),
      fetchedAt: '2030-01-01T00:00:00Z',
    } as CanonicalProduct);
    expect(b.hash).toBe(a.hash);
    const two = [
      { scheme: 'HALAL', id: 'H-2', validUntil: '2028-01-01' },
      { scheme: 'HALAL', id: 'H-1', validUntil: '2027-01-31' },
    ];
    const c = productState(product({ certifications: two }));
    const d = productState(product({ certifications: [...two].reverse() }));
    expect(d.hash).toBe(c.hash);
    expect(c.fields['certifications.HALAL#2.id']).toBe('H-2');
    expect(certificatesOf(c.fields).map((x) => x.key)).toEqual(['HALAL', 'HALAL#2']);
  });

  it('changes its hash with any field, one character or a Unicode normalisation away', async () => {
    const a = productState(product());
    expect(productState(product({ price: { amount: '120001', currency: 'VND' } })).hash).not.toBe(a.hash);
    // NFC and NFD spell the same text in different code points: the source changed its bytes.
    expect(productState(product({ name: { vi: 'Nước mắm Phú Quốc'.normalize('NFD'), en: 'Phu Quoc fish sauce' } })).hash).not.toBe(a.hash);
  });

  it('keeps a long value as its digest, which still moves when the value does', async () => {
    const story = (s: string) => product({ story: { vi: s.repeat(600) } });
    const a = productState(story('a'));
    const b = productState(story('b'));
    expect(a.fields['story.vi']).toEqual({ $elided: expect.any(String), bytes: 602 });
    expect(b.fields['story.vi']).not.toEqual(a.fields['story.vi']);
    expect(b.hash).not.toBe(a.hash);
  });

  it('stays within its row bound however many certificates or images a product has', async () => {
    const certifications = Array.from({ length: 2000 }, (_, i) => ({ scheme: `S${i}`, id: `ID-${i}`, issuer: 'Somebody', validUntil: '2027-01-01' }));
    const images = Array.from({ length: 2000 }, (_, i) => `https://example.org/${i}.jpg`);
    const state = productState(product({ certifications, images }));
    const row = encodeRow({ productId: 'vn-ocop:T-1', version: 1, ...state });
    expect(row.length).toBeLessThan(16_384);
    expect(state.fields.certifications).toEqual({ $elided: expect.any(String), bytes: expect.any(Number) });
    expect(state.fields.images).toEqual({ $elided: expect.any(String), bytes: expect.any(Number) });
  });

  it('reads back only rows of its shape and size', async () => {
    const row = { productId: 'vn-ocop:T-1', version: 3, ...productState(product()), evaluatedOn: '2026-12-01' };
    expect(decodeRow(encodeRow(row))).toEqual(row);
    expect(() => decodeRow('{"productId":"x","version":-1,"hash":"","fields":{}}')).toThrow();
    expect(() => decodeRow(JSON.stringify({ ...row, extra: 1 }))).toThrow();
    expect(() => decodeRow(' '.repeat(MAX_ROW_BYTES + 1))).toThrow(/exceeds/);
    // Fields are paths to JSON values: not a list, not a path past 400 characters, nothing nested too deep.
    const fields = (f: unknown) => JSON.stringify({ productId: 'x', version: 1, hash: '', fields: f });
    expect(decodeRow(fields({ 'a.b': [1, 'two', null, { c: true }] })).fields).toEqual({ 'a.b': [1, 'two', null, { c: true }] });
    expect(() => decodeRow(fields(['a']))).toThrow();
    expect(() => decodeRow(fields({ ['p'.repeat(401)]: 1 }))).toThrow();
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(() => decodeRow(fields({ a: deep }))).toThrow();
  });
});
