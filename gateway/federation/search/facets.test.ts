import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { countFacets, facetColumns } from './facets';

const product = (economy: string, category: string | undefined, rating: number | undefined, schemes: string[]) =>
  ({
    economy,
    category,
    rating: rating === undefined ? undefined : { scheme: 'X', value: rating, max: 5 },
    certifications: schemes.map((scheme) => ({ scheme })),
  }) as unknown as CanonicalProduct;

describe('facets', () => {
  const columns = facetColumns([
    product('VN', 'FOOD', 4, ['VIETGAP', 'GI']),
    product('VN', 'BEVERAGE', 5, ['VIETGAP']),
    product('JP', 'FOOD', undefined, []),
    product('ID', undefined, 3, ['HALAL', 'HALAL']),
  ]);
  it('counts the given documents only, most first, a scheme once per product', () => {
    expect(countFacets(columns, [0, 1, 3])).toEqual({
      economies: [
        { code: 'VN', count: 2 },
        { code: 'ID', count: 1 },
      ],
      categories: [
        { code: 'BEVERAGE', count: 1 },
        { code: 'FOOD', count: 1 },
      ],
      ratings: [
        { value: 5, count: 1 },
        { value: 4, count: 1 },
        { value: 3, count: 1 },
      ],
      certifications: [
        { code: 'VIETGAP', count: 2 },
        { code: 'GI', count: 1 },
        { code: 'HALAL', count: 1 },
      ],
    });
  });
  it('counts nothing for no documents', () => {
    expect(countFacets(columns, [])).toEqual({ economies: [], categories: [], ratings: [], certifications: [] });
  });
});
