import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { BUNDLED_RATES } from '../../money/rates/bundled';
import { merchantItem } from './feeds';

const product = (over: Partial<CanonicalProduct> & Record<string, unknown> = {}): CanonicalProduct =>
  ({
    id: 'vn-ocop:LS-0001',
    connector: 'vn-ocop',
    economy: 'VN',
    programme: 'OCOP',
    name: { vi: 'Trà Shan Tuyết <cổ thụ> & "Hà Giang"', en: 'Ancient Shan Tuyet tea' },
    description: { vi: 'x'.repeat(6000) },
    category: 'BEVERAGE',
    price: { amount: '150000', currency: 'VND' },
    producer: { name: 'HTX Trà & Co' },
    gtin: '8930000000012',
    images: ['https://img.example/1.jpg?a=1&b=2', 'https://img.example/2.jpg'],
    certifications: [],
    origin: { country: 'VN' },
    allergens: [],
    labelLanguages: [],
    marketplaces: [],
    ...over,
  }) as unknown as CanonicalProduct;

const parse = (xml: string) => new XMLParser({ parseTagValue: false }).parse(xml).item as Record<string, string>;
const options = { base: 'https://ovop.example', languages: ['vi', 'en'], currency: null, rates: BUNDLED_RATES };

describe('merchantItem', () => {
  it('writes the Merchant Center fields, escaped and within their limits', () => {
    const item = parse(merchantItem(product(), options));
    expect(item['g:id']).toBe('vn-ocop:LS-0001');
    expect(item.title).toBe('Trà Shan Tuyết <cổ thụ> & "Hà Giang"');
    expect([...item.description!].length).toBe(5000);
    expect(item.link).toBe('https://ovop.example/products/vn-ocop%3ALS-0001');
    expect(item['g:image_link']).toBe('https://img.example/1.jpg?a=1&b=2');
    expect(item['g:price']).toBe('150000 VND');
    expect(item['g:brand']).toBe('HTX Trà & Co');
    expect(item['g:google_product_category']).toBe('413');
    expect(item['g:availability']).toBeUndefined();
  });

  it('converts the price when asked, with two decimals', () => {
    const item = parse(merchantItem(product({ price: { amount: '15', currency: 'USD' } }), { ...options, currency: 'USD' }));
    expect(item['g:price']).toBe('15.00 USD');
  });

  it('writes availability when known, and leaves it out when UNKNOWN', () => {
    expect(parse(merchantItem(product({ availability: 'IN_STOCK' }), options))['g:availability']).toBe('in_stock');
    expect(parse(merchantItem(product({ availability: 'PRE_ORDER' }), options))['g:availability']).toBe('preorder');
    expect(parse(merchantItem(product({ availability: undefined }), options))['g:availability']).toBeUndefined();
  });

  it('leaves out a product whose id is longer than Merchant Center takes (cutting it could make two one)', () => {
    expect(merchantItem(product({ id: `vn-ocop:${'A'.repeat(60)}` }), options)).toBe('');
  });
});
