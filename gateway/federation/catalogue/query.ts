import { CURRENCIES } from '../../../schemas/currencies';
import { BoundedMap } from '../../collections/bounded-map';
import { INTL_OBJECT_BYTES } from '../../collections/rough-bytes';
import { compareDecimal, multiplyRatio, toScaled } from '../../money/decimal';
import { crossRate, type RateTable } from '../../money/rates/table';
import type { CatalogueIndex } from './catalogue-index';
import type { Selection } from './selection';
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

/**
 * Every product matching the query, in the query's order, as document numbers of the index, with
 * the search that chose them. Orders are computed once per index (and rate table, and language)
 * and shared by all requests; ties break by the index's default order, so pages never overlap or
 * skip. Reads the index's columns only, never a product record. Recent selections are kept on the
 * index (see `CatalogueIndex.selection`): the same search in another language, currency or page
 * size is not searched again.
 */
export function selectDocs(index: CatalogueIndex, query: ProductQuery, rates: RateTable): Selection {
  return index.selection(selectionKey(query, rates), () => select(index, query, rates));
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

function select(index: CatalogueIndex, query: ProductQuery, rates: RateTable): Selection {
  const scores = query.text ? index.search(query.text) : undefined;
  const accepts = matcher(index, query, rates);
  // A search result lives in reusable buffers: read it before anything else searches (no await here).
  const selected = matches(index, query, rates, scores, accepts);
  // What outlives this call says why a document matched (its plan), never a score from the buffers.
  return { docs: selected, search: scores && { explain: (doc) => scores.explain(doc) } };
}

/**
 * The documents that match the text (when there is one) and the filters, in the query's order. By
 * relevance, the search's own matches ordered by score are the answer when no filter is set: a
 * broad word matching every product is not walked again document by document.
 */
function matches(
  index: CatalogueIndex,
  query: ProductQuery,
  rates: RateTable,
  scores: SearchResult | undefined,
  accepts: ((doc: number) => boolean) | undefined,
  nameLanguage?: string,
): number[] {
  if (scores && query.sort === 'RELEVANCE') {
    const ordered = byScore(scores);
    return accepts ? ordered.filter(accepts) : ordered;
  }
  const selected: number[] = [];
  for (const doc of orderOf(index, query, rates, nameLanguage)) {
    if (scores && !scores.has(doc)) continue;
    if (!accepts || accepts(doc)) selected.push(doc);
  }
  return selected;
}

/** What a shard of a partitioned catalogue searches with: the whole catalogue's vocabulary and name language. */
export interface ShardScope {
  /** Which words the whole catalogue knows (scatter-gather.ts's `globalStatistics`): typo-tolerant words are decided by it. */
  vocabulary?: Pick<SearchIndex, 'knows'>;
  /** The language NAME_ASC reads names in, as the whole catalogue decides it (`nameLanguage` of scatter-gather.ts). */
  nameLanguage?: string;
}

/** A shard's selection: every match (for the total and facets) and the sort keys of the page asked for. */
export interface KeyedSelection {
  docs: readonly number[];
  /** The sort key of each of docs[from, from + keys.length) (see `ShardHit.key`). */
  keys: Array<number | string | bigint | undefined>;
  /** Why a document matched the text, when the query had text. */
  explain?: (doc: number) => SearchMatch[];
}

/**
 * A shard's matches of a query in the query's order, as `selectDocs` gives them, with the sort keys
 * of `count` of them from `from` on: what the merge of scatter-gather.ts compares shards' hits by.
 * Searched with the whole catalogue's scope, never kept (the scope changes with other shards).
 */
export function selectKeyed(
  index: CatalogueIndex,
  query: ProductQuery,
  rates: RateTable,
  options: ShardScope & { from: number; count: number },
): KeyedSelection {
  const scores = query.text ? index.search(query.text, options.vocabulary) : undefined;
  const accepts = matcher(index, query, rates);
  const lang = options.nameLanguage ?? index.nameLanguage(query.lang);
  const selected = matches(index, query, rates, scores, accepts, lang);
  const page = selected.slice(options.from, options.from + options.count);
  const key = keyOf(index, query, rates, lang, scores);
  // Read now: a search result lives in reusable buffers.
  return { docs: selected, keys: page.map((doc) => key(doc)), ...(scores && { explain: (doc: number) => scores.explain(doc) }) };
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

/**
 * The matches by score, best first, ties by document number. A search has few distinct scores (field
 * weights times match factors), so this is a counting sort over them: each document's score read
 * once, its bucket found among the distinct scores, then placed stably in it. The documents are
 * sorted natively first unless they come ascending already (a search's matches mostly do). No
 * comparator runs per pair, and nothing of a large result's size is left behind but the order itself.
 */
export function byScore(result: SearchResult): number[] {
  const docs = ascending(result.docs) ? result.docs : Int32Array.from(result.docs).sort();
  const n = docs.length;
  const buckets = new Int32Array(n);
  const distinct: number[] = [];
  // Past a few distinct scores, a map finds a score's bucket; below, a short scan does (no hashing of doubles).
  const bucketOf = new Map<number, number>();
  let counts = new Int32Array(16);
  for (let i = 0; i < n; i++) {
    const score = result.score(docs[i]!);
    let b = 0;
    const scan = Math.min(distinct.length, FEW_SCORES);
    while (b < scan && distinct[b] !== score) b++;
    if (b === scan) b = distinct.length > FEW_SCORES ? (bucketOf.get(score) ?? distinct.length) : scan;
    if (b === distinct.length) {
      distinct.push(score);
      bucketOf.set(score, b);
      if (b === counts.length) counts = grown(counts);
    }
    buckets[i] = b;
    counts[b]!++;
  }
  // Buckets best score first; each starts where the better ones end.
  const starts = new Int32Array(distinct.length);
  let at = 0;
  for (const b of distinct.map((_, b) => b).sort((x, y) => distinct[y]! - distinct[x]!)) {
    starts[b] = at;
    at += counts[b]!;
  }
  const ordered = new Array<number>(n);
  for (let i = 0; i < n; i++) ordered[starts[buckets[i]!]!++] = docs[i]!;
  return ordered;
}

/** Distinct scores looked for by a scan before a map (a search has a handful: field weights times match factors). */
const FEW_SCORES = 8;

function grown(counts: Int32Array): Int32Array<ArrayBuffer> {
  const more = new Int32Array(counts.length * 2);
  more.set(counts);
  return more;
}

/** True when `docs` ascend strictly (no sort needed). */
function ascending(docs: ArrayLike<number>): boolean {
  for (let i = 1; i < docs.length; i++) if (docs[i - 1]! >= docs[i]!) return false;
  return true;
}

/** Document numbers in the query's sort order, memoized on the index. */
function orderOf(index: CatalogueIndex, query: ProductQuery, rates: RateTable, nameLanguage?: string): readonly number[] {
  switch (query.sort) {
    case 'RELEVANCE':
      return index.memo('order:default', () => Array.from({ length: index.size }, (_, doc) => doc));
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
