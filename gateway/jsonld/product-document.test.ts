import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../schemas/product';
import type { IndexedProduct } from '../federation/snapshot';
import { BUNDLED_RATES } from '../money/rates/bundled';
import { productDocument, productDocumentText } from './product-document';

const bare: CanonicalProduct = {
  id: 'th-otop:A-1',
  connector: 'th-otop',
  localId: 'A-1',
  economy: 'TH',
  programme: 'OTOP',
  language: 'th',
  name: { th: 'น้ำผึ้ง', en: 'Honey' },
  origin: { country: 'TH' },
  certifications: [],
  labelLanguages: [],
  images: [],
  marketplaces: [],
} as unknown as CanonicalProduct;

const full: CanonicalProduct = {
  ...bare,
  description: { en: 'Wild honey 🍯 from Nan' },
  category: 'FOOD',
  price: { amount: '120.50', currency: 'THB' },
  rating: { scheme: 'OTOP', value: 4, max: 5 },
  producer: { name: 'Nan women group', region: 'Nan' },
  origin: { country: 'TH', region: 'Nan', locality: 'Pua' },
  certifications: [{ scheme: 'HALAL' }, { scheme: 'ORGANIC', id: 'X-1', issuer: 'ACT', validUntil: '2027-01-01' }],
  allergens: [],
  labelLanguages: ['th', 'en'],
  images: ['https://img.example/a.jpg'],
  marketplaces: [{ name: 'Shop', url: 'https://shop.example/a' }],
} as unknown as CanonicalProduct;

describe('productDocumentText', () => {
  const rates = BUNDLED_RATES;
  const cases: Array<[string, CanonicalProduct, string | null]> = [
    ['a product with every list empty', bare, null],
    ['a product with most facts', full, null],
    ['a product with most facts, in another currency', full, 'USD'],
  ];
  it.each(cases)('is the text of productDocument, byte for byte: %s', (_, product, currency) => {
    const record: IndexedProduct = { product, fetchedAt: '2026-12-07T00:00:00.000Z', stale: false } as IndexedProduct;
    const options = { origin: 'https://gw.example', currency, rates };
    const expected = JSON.stringify(productDocument(record, options));
    expect(productDocumentText(record, options)).toBe(expected);
    // Empty lists are absent, not written as [].
    expect(expected).not.toContain('[]');
  });
});
