import { CURRENCIES } from '../../../schemas/currencies';
import { BoundedMap } from '../../collections/bounded-map';
import { INTL_OBJECT_BYTES } from '../../collections/rough-bytes';
import { compareDecimal, multiplyRatio, toScaled } from '../../money/decimal';
import { crossRate, type RateTable } from '../../money/rates/table';
import { type CatalogueIndex, MAX_SELECTION_DOCS } from './catalogue-index';
import type { SelectedPage } from './selection';
import { byScore, type ScoredDocs, topByScore } from './top-by-score';
import type { SearchIndex, SearchMatch, SearchResult } from '../search/search-index';
import { hasScheme, NO_RATING, priceAt, type PriceTable } from '../search/columns';

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

/** Which positions of a selection a caller reads: [from, from + count). */
export interface SelectionWindow {
  from: number;
  count: number;
}

/** Every position: the whole selection in order. */
const EVERYTHING: SelectionWindow = { from: 0, count: Number.POSITIVE_INFINITY };

/**
 * How far a selection is ordered whole instead of paged: `whole`, the most documents one may hold
 * to be ordered whole (and kept on the index); `topK`, the positions past which a page by
 * relevance is read from the whole order rather than from heaps of that size. Tests set them low
 * to page small catalogues.
 */
export interface SelectionLimits {
  whole: number;
  topK: number;
}

/** MAX_SELECTION_DOCS whole; heaps of up to 4,096 positions (a few dozen pages deep). */
export const SELECTION_LIMITS: SelectionLimits = { whole: MAX_SELECTION_DOCS, topK: 4096 };

/**
 * The page at `window` of every product matching the query, in the query's order, as document
 * numbers of the index, with how many match in all and the search that chose them. Orders are
 * computed once per index (and rate table, and language) and shared by all requests; ties break by
 * the index's default order, so pages never overlap or skip. Reads the index's columns only, never
 * a product record. A large selection is never ordered whole: its page is taken from the search's
 * matches by score, or read off a memoized sort order as far as the page ends, and its total
 * counted apart. Small ones (at most MAX_SELECTION_DOCS) are ordered whole and kept on the index
 * (see `CatalogueIndex.keepSelection`): the same search in another language, currency or page
 * size is not searched again. @default window the whole selection; limits SELECTION_LIMITS
 */
export function selectDocs(
  index: CatalogueIndex,
  query: ProductQuery,
  rates: RateTable,
  window: SelectionWindow = EVERYTHING,
  limits: SelectionLimits = SELECTION_LIMITS,
): SelectedPage {
  const key = selectionKey(query, rates);
  const kept = index.keptSelection(key);
  if (kept) return { docs: kept.docs.slice(window.from, window.from + window.count), total: kept.docs.length, matched: () => kept.docs, search: kept.search };
  const scores = query.text ? index.search(query.text) : undefined;
  const accepts = matcher(index, query, rates);
  // A search result lives in reusable buffers: read it before anything else searches (no await here).
  const found = selected(index, query, rates, scores, accepts, window, limits);
  // What outlives this call says why a document matched (its plan), never a score from the buffers.
  const search = scores && { explain: (doc: number) => scores.explain(doc) };
  if (found.whole) index.keepSelection(key, { docs: found.whole, search });
  return { docs: found.page, total: found.total, matched: found.matched, search };
}

/** What decides a selection: the filters, the text and the sort, with the language and rates only where they matter. */
function selectionKey(q: ProductQuery, rates: RateTable): string {
  const priced = q.priceMin !== undefined || q.priceMax !== undefined || q.sort === 'PRICE_ASC' || q.sort === 'PRICE_DESC';
  return JSON.stringify([
    q.text ?? null,
    q.economies ?? null,
    q.categories ?? null,
    q.certifications ?? null,
    q.minRating ?? null,
    q.priceMin ?? null,
    q.priceMax ?? null,
    q.sort,
    q.sort === 'NAME_ASC' ? q.lang : null,
    priced ? [q.currency, rates.base, rates.asOf, rates.source] : null,
  ]);
}

/** What a products query selects, as far as a caller reads it. */
interface Selected {
  /** The documents in the window asked for, in order. */
  page: number[];
  total: number;
  /** Every selected document, in any order: made when called, before the index's next search. */
  matched: () => ArrayLike<number>;
  /** The whole selection in order, when it is small enough to keep (`SelectionLimits.whole`). */
  whole?: number[];
}

/**
 * The documents that match the text (when there is one) and the filters, in the query's order, as
 * far as the window reaches. By relevance, the page is taken from the search's matches by score,
 * and the total is their count; by another order, the memoized order is walked until the page ends,
 * and the total counted over the matches (or, with no text, over the filters).
 */
function selected(
  index: CatalogueIndex,
  query: ProductQuery,
  rates: RateTable,
  scores: SearchResult | undefined,
  accepts: ((doc: number) => boolean) | undefined,
  window: SelectionWindow,
  limits: SelectionLimits,
  nameLanguage?: string,
): Selected {
  const { from, count } = window;
  if (scores && query.sort === 'RELEVANCE') {
    const matches = accepts ? accepted(scores, accepts) : { docs: scores.docs, scores: scores.scores };
    const total = matches.docs.length;
    const matched = () => matches.docs;
    if (total <= limits.whole) {
      const whole = Array.from(byScore(matches));
      return { page: whole.slice(from, from + count), total, matched, whole };
    }
    if (from + count > limits.topK) return { page: Array.from(byScore(matches).subarray(from, from + count)), total, matched };
    return { page: topByScore(matches, from, count), total, matched };
  }
  const docs = scores?.docs;
  const total = docs ? (accepts ? countOf(docs, accepts) : docs.length) : accepts ? countOf(defaultOrder(index), accepts) : index.size;
  const matched = () => {
    const all = docs ?? defaultOrder(index);
    return accepts ? (Array.prototype.filter.call(all, (doc: number) => accepts(doc)) as number[]) : all;
  };
  const whole = total <= limits.whole;
  const end = whole ? total : Math.min(total, from + count);
  const page: number[] = [];
  let position = 0;
  for (const doc of orderOf(index, query, rates, nameLanguage)) {
    if (position >= end) break;
    if (scores && !scores.has(doc)) continue;
    if (accepts && !accepts(doc)) continue;
    if (whole || position >= from) page.push(doc);
    position++;
  }
  return whole ? { page: page.slice(from, from + count), total, matched, whole: page } : { page, total, matched };
}

/** The matches that pass the filters, with their scores. */
function accepted(scores: SearchResult, accepts: (doc: number) => boolean): ScoredDocs {
  const docs = new Int32Array(scores.docs.length);
  const values = new Float64Array(scores.docs.length);
  let n = 0;
  for (let i = 0; i < scores.docs.length; i++) {
    const doc = scores.docs[i]!;
    if (!accepts(doc)) continue;
    docs[n] = doc;
    values[n++] = scores.scores[i]!;
  }
  return { docs: docs.subarray(0, n), scores: values.subarray(0, n) };
}

/** How many of `docs` pass the filters. */
function countOf(docs: ArrayLike<number>, accepts: (doc: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < docs.length; i++) if (accepts(docs[i]!)) n++;
  return n;
}

/** Every document in the default order, memoized on the index. */
function defaultOrder(index: CatalogueIndex): readonly number[] {
  return index.memo('order:default', () => Array.from({ length: index.size }, (_, doc) => doc));
}

/** What a shard of a partitioned catalogue searches with: the whole catalogue's vocabulary and name language. */
export interface ShardScope {
  /** Which words the whole catalogue knows (scatter-gather.ts's `globalStatistics`): typo-tolerant words are decided by it. */
  vocabulary?: Pick<SearchIndex, 'knows'>;
  /** The language NAME_ASC reads names in, as the whole catalogue decides it (`nameLanguage` of scatter-gather.ts). */
  nameLanguage?: string;
}

/** A shard's selection: the page asked for with its sort keys, how many match in all, and every match (for facets). */
export interface KeyedSelection {
  /** The documents at positions [from, from + count) of the shard's matches, in the query's order. */
  docs: readonly number[];
  /** The sort key of each of docs (see `ShardHit.key`). */
  keys: Array<number | string | bigint | undefined>;
  /** How many of the shard's documents match. */
  total: number;
  /** Every match, in no particular order: what facets count (call it before the index's next search). */
  matched: () => ArrayLike<number>;
  /** Why a document matched the text, when the query had text. */
  explain?: (doc: number) => SearchMatch[];
}

/**
 * A shard's page of a query's matches in the query's order, as `selectDocs` gives them, with the
 * sort keys of its `count` documents from `from` on: what the merge of scatter-gather.ts compares
 * shards' hits by. Searched with the whole catalogue's scope, never kept (the scope changes with
 * other shards).
 */
export function selectKeyed(
  index: CatalogueIndex,
  query: ProductQuery,
  rates: RateTable,
  options: ShardScope & SelectionWindow & { limits?: SelectionLimits },
): KeyedSelection {
  const scores = query.text ? index.search(query.text, options.vocabulary) : undefined;
  const accepts = matcher(index, query, rates);
  const lang = options.nameLanguage ?? index.nameLanguage(query.lang);
  const found = selected(index, query, rates, scores, accepts, options, options.limits ?? SELECTION_LIMITS, lang);
  const key = keyOf(index, query, rates, lang, scores);
  // Read now: a search result lives in reusable buffers.
  return {
    docs: found.page,
    keys: found.page.map((doc) => key(doc)),
    total: found.total,
    matched: found.matched,
    ...(scores && { explain: (doc: number) => scores.explain(doc) }),
  };
}

type SortKey = number | string | bigint | undefined;

function keyOf(index: CatalogueIndex, query: ProductQuery, rates: RateTable, lang: string, scores: SearchResult | undefined): (doc: number) => SortKey {
  const c = index.columns;
  switch (query.sort) {
    case 'RELEVANCE':
      return (doc: number) => (scores ? scores.score(doc) : undefined);
    case 'RATING_DESC':
      return (doc: number) => (c.rating[doc] === NO_RATING ? undefined : c.rating[doc]);
    case 'NAME_ASC':
      return (doc: number) => index.nameFor(doc, lang);
    case 'PRICE_ASC':
    case 'PRICE_DESC': {
      const pivot = index.memo(`order:price:${rates.base}:${rates.asOf}:${rates.source}:pivot`, () => pivotValues(c.prices, rates));
      return (doc: number) => pivot[c.price[doc]!];
    }
  }
}

/** Flags over a dictionary: which of its codes the query asked for. */
function wanted(codes: readonly string[], asked: readonly string[]): Uint8Array {
  const set = new Set(asked);
  return Uint8Array.from(codes, (code, id) => (id > 0 && set.has(code) ? 1 : 0));
}

/** Whether a document passes the query's filters (economy, category, rating, certification, price); undefined when it sets none. */
function matcher(index: CatalogueIndex, query: ProductQuery, rates: RateTable): ((doc: number) => boolean) | undefined {
  const c = index.columns;
  const economies = query.economies && wanted(c.economies, query.economies);
  const categories = query.categories && wanted(c.categories, query.categories);
  const schemes = query.certifications?.map((s) => c.schemes.indexOf(s));
  const { minRating, priceMin, priceMax } = query;
  const priced = priceMin !== undefined || priceMax !== undefined;
  if (!economies && !categories && minRating === undefined && !schemes && !priced) return undefined;
  const decimals = CURRENCIES.get(query.currency)?.displayMinorUnits ?? 2;
  // Each distinct price is judged once per query: 1 in range, 2 not.
  const verdicts = priced ? new Uint8Array(c.prices.currency.length) : undefined;
  const inRange = (id: number): boolean => {
    const price = priceAt(c.prices, id);
    const rate = crossRate(rates, price.currency, query.currency);
    if (!rate) return false;
    // The amount the visitor sees, so the filter agrees with the prices shown.
    const amount = multiplyRatio(price.amount, rate.ratio, decimals);
    return (priceMin === undefined || compareDecimal(amount, priceMin) >= 0) && (priceMax === undefined || compareDecimal(amount, priceMax) <= 0);
  };
  return (doc) => {
    if (economies && !economies[c.economy[doc]!]) return false;
    if (categories && !categories[c.category[doc]!]) return false;
    if (minRating !== undefined && (c.rating[doc] === NO_RATING || c.rating[doc]! < minRating)) return false;
    if (schemes && !schemes.every((s) => s > 0 && hasScheme(c, doc, s))) return false;
    if (!verdicts) return true;
    const id = c.price[doc]!;
    if (id === 0) return false;
    if (!verdicts[id]) verdicts[id] = inRange(id) ? 1 : 2;
    return verdicts[id] === 1;
  };
}

/** Document numbers in the query's sort order, memoized on the index. */
function orderOf(index: CatalogueIndex, query: ProductQuery, rates: RateTable, nameLanguage?: string): readonly number[] {
  switch (query.sort) {
    case 'RELEVANCE':
      return defaultOrder(index);
    case 'RATING_DESC':
      return index.memo('order:rating', () =>
        sortDocs(
          index,
          (doc) => (index.columns.rating[doc] === NO_RATING ? undefined : index.columns.rating[doc]),
          (a, b) => b - a,
        ),
      );
    case 'NAME_ASC': {
      // Keyed by what decides the order (the collation Intl resolves, the names read), not the tag asked.
      const collator = collatorFor(query.lang);
      const lang = nameLanguage ?? index.nameLanguage(query.lang);
      return index.memo(`order:name:${collator.resolvedOptions().locale}:${lang}`, () => sortDocs(index, (doc) => index.nameFor(doc, lang), collator.compare));
    }
    case 'PRICE_ASC':
    case 'PRICE_DESC': {
      // Exact value in the pivot currency: the order is the same whatever currency is shown.
      const key = `order:price:${rates.base}:${rates.asOf}:${rates.source}`;
      const pivot = () => index.memo(`${key}:pivot`, () => pivotValues(index.columns.prices, rates));
      const keyOf = (doc: number) => pivot()[index.columns.price[doc]!];
      const ascending = index.memo(key, () => sortDocs(index, keyOf, (a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      if (query.sort === 'PRICE_ASC') return ascending;
      return index.memo(`${key}:desc`, () => descending(ascending, keyOf));
    }
  }
}

/** Collators by requested language (request input: bounded). */
const collators = new BoundedMap<string, Intl.Collator>({
  maxEntries: 256,
  maxBytes: 256 * (INTL_OBJECT_BYTES + 256),
  sizeOf: (_, lang) => INTL_OBJECT_BYTES + 2 * lang.length,
});

/** The collator that sorts names for `lang`. */
export function collatorFor(lang: string): Intl.Collator {
  return collators.getOrCreate(lang, () => new Intl.Collator(lang, { sensitivity: 'base', numeric: true }));
}

/** Collators held, for the memory-bound tests. */
export function collatorCount(): number {
  return collators.size;
}

/** Docs with a key, sorted by it (ties in default order), then docs without one in default order. */
function sortDocs<K>(index: CatalogueIndex, keyOf: (doc: number) => K | undefined, compare: (a: K, b: K) => number): number[] {
  const keyed: Array<[number, K]> = [];
  const rest: number[] = [];
  for (let doc = 0; doc < index.size; doc++) {
    const key = keyOf(doc);
    if (key === undefined) rest.push(doc);
    else keyed.push([doc, key]);
  }
  keyed.sort((a, b) => compare(a[1], b[1]) || a[0] - b[0]);
  return [...keyed.map(([doc]) => doc), ...rest];
}

/** The ascending order reversed for priced docs (ties still in default order); unpriced stay last. */
function descending(ascending: readonly number[], keyOf: (doc: number) => bigint | undefined): number[] {
  const priced = ascending.filter((doc) => keyOf(doc) !== undefined);
  const unpriced = ascending.slice(priced.length);
  const groups: number[][] = [];
  let last: bigint | undefined;
  for (const doc of priced) {
    const key = keyOf(doc)!;
    if (groups.length && key === last) groups.at(-1)!.push(doc);
    else groups.push([doc]);
    last = key;
  }
  return [...groups.reverse().flat(), ...unpriced];
}

/** Each distinct price in the pivot currency, exact to 18 decimals, as scaled units for fast comparison (index 0: none). */
function pivotValues(prices: PriceTable, rates: RateTable): Array<bigint | undefined> {
  return Array.from({ length: prices.currency.length }, (_, id) => {
    if (id === 0) return undefined;
    const price = priceAt(prices, id);
    const rate = crossRate(rates, price.currency, rates.base);
    return rate ? toScaled(multiplyRatio(price.amount, rate.ratio, 18)).units : undefined;
  });
}
