import type { CanonicalProduct } from '../../schemas/product';

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

/**
 * The facet values of every product as columns of small integers (a code's number in its
 * dictionary, 0 for none; certifications as a list of scheme numbers per product), so that
 * counting a result reads numbers, never product records.
 */
export interface FacetColumns {
  economies: string[];
  categories: string[];
  schemes: string[];
  economy: Uint16Array;
  category: Uint16Array;
  rating: Uint8Array;
  /** Scheme numbers of doc d: schemeList[schemeStart[d] .. schemeStart[d + 1]). */
  schemeStart: Uint32Array;
  schemeList: Uint16Array;
}

/** Builds the facet columns of a catalogue, once per merged index. */
export function facetColumns(products: readonly CanonicalProduct[]): FacetColumns {
  const dictionary = () => {
    const codes = [''];
    const ids = new Map<string, number>();
    return {
      codes,
      id(code: string | undefined): number {
        if (!code) return 0;
        let id = ids.get(code);
        if (id === undefined) ids.set(code, (id = codes.push(code) - 1));
        return id;
      },
    };
  };
  const economies = dictionary();
  const categories = dictionary();
  const schemes = dictionary();
  const economy = new Uint16Array(products.length);
  const category = new Uint16Array(products.length);
  const rating = new Uint8Array(products.length);
  const schemeStart = new Uint32Array(products.length + 1);
  const list: number[] = [];
  products.forEach((p, doc) => {
    economy[doc] = economies.id(p.economy);
    category[doc] = categories.id(p.category);
    rating[doc] = Math.max(0, Math.min(255, p.rating?.value ?? 0));
    schemeStart[doc] = list.length;
    for (const id of new Set(p.certifications.map((c) => schemes.id(c.scheme)))) list.push(id);
  });
  schemeStart[products.length] = list.length;
  return {
    economies: economies.codes,
    categories: categories.codes,
    schemes: schemes.codes,
    economy,
    category,
    rating,
    schemeStart,
    schemeList: Uint16Array.from(list),
  };
}

/** Counts the given documents by each facet; values by count, most first, then by code. */
export function countFacets(columns: FacetColumns, docs: readonly number[]): Facets {
  const economy = new Uint32Array(columns.economies.length);
  const category = new Uint32Array(columns.categories.length);
  const rating = new Uint32Array(256);
  const scheme = new Uint32Array(columns.schemes.length);
  for (const doc of docs) {
    economy[columns.economy[doc]!]!++;
    category[columns.category[doc]!]!++;
    rating[columns.rating[doc]!]!++;
    for (let i = columns.schemeStart[doc]!, end = columns.schemeStart[doc + 1]!; i < end; i++) scheme[columns.schemeList[i]!]!++;
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
