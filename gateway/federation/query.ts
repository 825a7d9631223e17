import { CURRENCIES } from '../../schemas/currencies';
import { BoundedMap } from '../limits/bounded-map';
import { compareDecimal, multiplyRatio, toScaled } from '../normalize/decimal';
import { crossRate, type RateTable } from '../rates/table';
import type { CatalogueIndex, CatalogueSearch } from './catalogue-index';
import type { SearchResult } from './search-index';
import type { IndexedProduct } from './snapshot';

export type ProductSort = 'RELEVANCE' | 'PRICE_ASC' | 'PRICE_DESC' | 'RATING_DESC' | 'NAME_ASC';

/** A products query, with its inputs already validated and canonicalized. */
export interface ProductQuery {
  economies?: readonly string[];
  categories?: readonly string[];
  certifications?: readonly string[];
  minRating?: number;
  text?: string;
  /** Bounds in `currency`, decimal strings. */
  priceMin?: string;
  priceMax?: string;
  /** The currency price filters use. */
  currency: string;
  sort: ProductSort;
  /** The language whose names NAME_ASC sorts by. */
  lang: string;
}

/** What a products query selected: document numbers in order, and the search that scored them. */
export interface Selection {
  docs: number[];
  /** The text search, when the query had text: it says why a document matched. */
  search?: CatalogueSearch;
}

/**
 * Every product matching the query, in the query's order. Orders are computed once per index (and
 * rate table, and language) and shared by all requests; ties break by the index's default order,
 * so pages never overlap or skip.
 */
export function selectProducts(index: CatalogueIndex, query: ProductQuery, rates: RateTable): IndexedProduct[] {
  return selectDocs(index, query, rates).docs.map((doc) => index.products[doc]!);
}

/** `selectProducts` as document numbers of the index, with the search that chose them. */
export function selectDocs(index: CatalogueIndex, query: ProductQuery, rates: RateTable): Selection {
  const scores = query.text ? index.search(query.text) : undefined;
  const accepts = matcher(query, rates);
  const docs = scores && query.sort === 'RELEVANCE' ? byScore(scores) : orderOf(index, query, rates);
  // A search result lives in reusable buffers: read it before anything else searches (no await here).
  const selected: number[] = [];
  for (const doc of docs) {
    if (scores && !scores.has(doc)) continue;
    if (accepts(index.products[doc]!)) selected.push(doc);
  }
  return { docs: selected, search: scores };
}

function matcher(query: ProductQuery, rates: RateTable): (p: IndexedProduct) => boolean {
  const economies = query.economies && new Set(query.economies);
  const categories = query.categories && new Set(query.categories);
  const { certifications: schemes, minRating, priceMin, priceMax } = query;
  const decimals = CURRENCIES.get(query.currency)?.displayMinorUnits ?? 2;
  return ({ product }) => {
    if (economies && !economies.has(product.economy)) return false;
    if (categories && !(product.category && categories.has(product.category))) return false;
    if (minRating !== undefined && !(product.rating && product.rating.value >= minRating)) return false;
    if (schemes && !schemes.every((s) => product.certifications.some((c) => c.scheme === s))) return false;
    if (priceMin === undefined && priceMax === undefined) return true;
    const rate = product.price && crossRate(rates, product.price.currency, query.currency);
    if (!product.price || !rate) return false;
    // The amount the visitor sees, so the filter agrees with the prices shown.
    const amount = multiplyRatio(product.price.amount, rate.ratio, decimals);
    return (priceMin === undefined || compareDecimal(amount, priceMin) >= 0) && (priceMax === undefined || compareDecimal(amount, priceMax) <= 0);
  };
}

function byScore(result: SearchResult): number[] {
  return [...result.docs].sort((a, b) => result.score(b) - result.score(a) || a - b);
}

/** Document numbers in the query's sort order, memoized on the index. */
function orderOf(index: CatalogueIndex, query: ProductQuery, rates: RateTable): readonly number[] {
  switch (query.sort) {
    case 'RELEVANCE':
      return index.memo('order:default', () => index.products.map((_, doc) => doc));
    case 'RATING_DESC':
      return index.memo('order:rating', () =>
        sortDocs(
          index,
          (p) => p.product.rating?.value,
          (a, b) => b - a,
        ),
      );
    case 'NAME_ASC': {
      // Keyed by what decides the order (the collation Intl resolves, the names read), not the tag asked.
      const collator = collatorFor(query.lang);
      const lang = index.nameLanguage(query.lang);
      return index.memo(`order:name:${collator.resolvedOptions().locale}:${lang}`, () => sortDocs(index, (p) => index.nameFor(p, lang), collator.compare));
    }
    case 'PRICE_ASC':
    case 'PRICE_DESC': {
      // Exact value in the pivot currency: the order is the same whatever currency is shown.
      const key = `order:price:${rates.base}:${rates.asOf}:${rates.source}`;
      const ascending = index.memo(key, () =>
        sortDocs(
          index,
          (p) => pivotValue(p, rates),
          (a, b) => (a < b ? -1 : a > b ? 1 : 0),
        ),
      );
      if (query.sort === 'PRICE_ASC') return ascending;
      return index.memo(`${key}:desc`, () => descending(index, ascending, (p) => pivotValue(p, rates)));
    }
  }
}

/** Collators by requested language (request input: bounded). */
const collators = new BoundedMap<string, Intl.Collator>(256);

/** The collator that sorts names for `lang`. */
export function collatorFor(lang: string): Intl.Collator {
  return collators.getOrCreate(lang, () => new Intl.Collator(lang, { sensitivity: 'base', numeric: true }));
}

/** Collators held, for the memory-bound tests. */
export function collatorCount(): number {
  return collators.size;
}

/** Docs with a key, sorted by it (ties in default order), then docs without one in default order. */
function sortDocs<K>(index: CatalogueIndex, keyOf: (p: IndexedProduct) => K | undefined, compare: (a: K, b: K) => number): number[] {
  const keyed: Array<[number, K]> = [];
  const rest: number[] = [];
  index.products.forEach((p, doc) => {
    const key = keyOf(p);
    if (key === undefined) rest.push(doc);
    else keyed.push([doc, key]);
  });
  keyed.sort((a, b) => compare(a[1], b[1]) || a[0] - b[0]);
  return [...keyed.map(([doc]) => doc), ...rest];
}

/** The ascending order reversed for priced docs (ties still in default order); unpriced stay last. */
function descending(index: CatalogueIndex, ascending: readonly number[], keyOf: (p: IndexedProduct) => bigint | undefined): number[] {
  const priced = ascending.filter((doc) => keyOf(index.products[doc]!) !== undefined);
  const unpriced = ascending.slice(priced.length);
  const groups: number[][] = [];
  let last: bigint | undefined;
  for (const doc of priced) {
    const key = keyOf(index.products[doc]!)!;
    if (groups.length && key === last) groups.at(-1)!.push(doc);
    else groups.push([doc]);
    last = key;
  }
  return [...groups.reverse().flat(), ...unpriced];
}

/** A price in the pivot currency, exact to 18 decimals, as scaled units for fast comparison. */
function pivotValue(p: IndexedProduct, rates: RateTable): bigint | undefined {
  const price = p.product.price;
  const rate = price && crossRate(rates, price.currency, rates.base);
  return rate ? toScaled(multiplyRatio(price.amount, rate.ratio, 18)).units : undefined;
}
