import { describe, expect, it } from 'vitest';
import type { IndexedProduct } from '../federation/snapshot';
import { inLanguage } from './product-language';

const item = {
  fetchedAt: '2026-12-01T00:00:00Z',
  stale: false,
  product: {
    id: 'jp-ovop:P-1',
    language: 'ja',
    name: { ja: '柚子胡椒', en: 'Yuzu pepper', fr: 'Poivre au yuzu' },
    description: { ja: '九州の柚子胡椒' },
    story: { en: 'Grown in Oita', 'pt-BR': 'Cultivado em Oita' },
  },
} as unknown as IndexedProduct;

describe('a product in one language', () => {
  it("keeps each text in the requested language, its base, English, or the product's own, as a one-entry map", () => {
    const fr = inLanguage(item, 'fr-CA').product;
    expect(fr.name).toEqual({ fr: 'Poivre au yuzu' });
    expect(fr.description).toEqual({ ja: '九州の柚子胡椒' });
    expect(fr.story).toEqual({ en: 'Grown in Oita' });
    expect(inLanguage(item, 'pt').product.story).toEqual({ 'pt-BR': 'Cultivado em Oita' });
    expect(inLanguage(item, 'ja').product.name).toEqual({ ja: '柚子胡椒' });
    expect(fr.ingredients).toBeUndefined();
  });

  it('leaves the record as it was', () => {
    inLanguage(item, 'en');
    expect(Object.keys(item.product.name)).toEqual(['ja', 'en', 'fr']);
  });
});
