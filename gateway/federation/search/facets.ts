import type { CanonicalProduct } from '../../../schemas/product';
import { columnsOf, hasScheme, NO_RATING, type CodeColumns, type ProductColumns } from './columns';

/** One value of a facet and how many products of the result have it. */
export interface FacetCount {
  code: string;
  count: number;
}
export interface RatingCount {
  value: number;
  count: number;
}
/** Counts of a result by economy, category, programme rating and certification scheme. */
export interface Facets {
  economies: FacetCount[];
  categories: FacetCount[];
  ratings: RatingCount[];
  certifications: FacetCount[];
}

/** Builds the facet columns of a list of products (the columns filters and sorts read too). */
export function facetColumns(products: readonly CanonicalProduct[]): ProductColumns {
  return columnsOf(products);
}

/** Counts the given documents (in any order) by each facet; values by count, most first, then by code. */
export function countFacets(columns: CodeColumns, docs: ArrayLike<number>): Facets {
  const economy = new Uint32Array(columns.economies.length);
  const category = new Uint32Array(columns.categories.length);
  const rating = new Uint32Array(256);
  const scheme = new Uint32Array(columns.schemes.length);
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    economy[columns.economy[doc]!]!++;
    category[columns.category[doc]!]!++;
    const value = columns.rating[doc]!;
    rating[value === NO_RATING ? 0 : Math.max(0, Math.min(255, value))]!++;
    for (let s = 1; s < columns.schemes.length; s++) if (hasScheme(columns, doc, s)) scheme[s]!++;
  }
  const counts = (codes: readonly string[], tally: Uint32Array): FacetCount[] =>
    codes
      .map((code, id) => ({ code, count: tally[id]! }))
      .filter((f, id) => id > 0 && f.count > 0)
      .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  const ratings: RatingCount[] = [];
  for (let value = 255; value >= 1; value--) if (rating[value]) ratings.push({ value, count: rating[value]! });
  return {
    economies: counts(columns.economies, economy),
    categories: counts(columns.categories, category),
    ratings,
    certifications: counts(columns.schemes, scheme),
  };
}
