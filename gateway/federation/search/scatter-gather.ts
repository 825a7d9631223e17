import type { FacetCount, Facets, RatingCount } from './facets';
import type { SearchPostings } from './postings';
import { lowerBound, type SearchMatch } from './search-index';
import { inflections, type SearchPlan } from './search-plan';

/**
 * Scatter-gather over a catalogue partitioned into shards (issue 30: no isolate holds the whole
 * catalogue). Pure functions only: the Worker asks every shard for its statistics, then for a page
 * after its position, and merges the pages into exactly the page one index over the whole catalogue
 * would give. See docs/decisions/0030-edge-partitioning.md.
 *
 * What a shard must report, and why:
 * - its hits in the query's order, each with its place in the whole catalogue's default order and
 *   the sort's key, so that the merge can order hits of different shards as one index would;
 * - its total and facet counts, which sum;
 * - before searching, its statistics for the query's terms (per-term document frequencies, its
 *   document count, whether it names products in the asked language): the search then runs with the
 *   global ones, so a word that any shard knows is not stretched to prefixes and typos on another.
 */

/** The most shards a cursor may name: the bound on what a visitor's cursor makes the Worker decode. */
export const MAX_SHARDS = 64;
/** The largest position a cursor may carry for one shard (a shard numbers fewer documents). */
export const MAX_POSITION = 2 ** 31 - 1;

/** The shard that holds product `id` of `shards`: FNV-1a over the id's UTF-16 code units, stable in every runtime. */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % shards;
}

/**
 * A product's place in the whole catalogue's default order, as one number. The one index numbers
 * its documents connector by connector interleaved (connectors in name order), each connector's
 * products in id order: document order is (rank in its connector, connector's number), and
 * `rank × connectors + connector` orders exactly so.
 */
export function defaultPlace(rank: number, connector: number, connectors: number): number {
  return rank * connectors + connector;
}

/** The sorts a products query has (the `ProductSort` of catalogue/query.ts). */
export type MergeSort = 'RELEVANCE' | 'PRICE_ASC' | 'PRICE_DESC' | 'RATING_DESC' | 'NAME_ASC';

/**
 * One hit of a shard. `key` is what the sort reads: RELEVANCE with text the score, RATING_DESC the
 * programme rating, NAME_ASC the name in the language the statistics chose, PRICE_* the price in
 * the rate table's pivot currency as scaled units; undefined when the product has none (it then
 * comes after every keyed one, in default order), and for RELEVANCE without text.
 */
export interface ShardHit {
  id: string;
  place: number;
  key?: number | string | bigint;
  /** Why it matched a text search (the page's `matchedBy`), computed by the shard that holds it. */
  matchedBy?: SearchMatch[];
}

/**
 * The order one index gives a query's matches, as a comparator of hits: RELEVANCE by score, best
 * first; RATING_DESC by rating, highest first; NAME_ASC by `collator`; PRICE_ASC and PRICE_DESC by
 * the exact pivot price; ties always in default order, and products without a key last, in default
 * order. Every shard sorts its hits with it, and the merge takes the least head.
 */
export function hitOrder(sort: MergeSort, collator?: Intl.Collator): (a: ShardHit, b: ShardHit) => number {
  const byKey = (compare: (a: never, b: never) => number) => (a: ShardHit, b: ShardHit) => {
    if (a.key === undefined || b.key === undefined) return a.key === b.key ? a.place - b.place : a.key === undefined ? 1 : -1;
    return compare(a.key as never, b.key as never) || a.place - b.place;
  };
  switch (sort) {
    case 'RELEVANCE':
      return byKey((a: number, b: number) => b - a);
    case 'RATING_DESC':
      return byKey((a: number, b: number) => b - a);
    case 'NAME_ASC': {
      if (!collator) throw new TypeError('NAME_ASC merges with the collator the shards sorted by');
      return byKey((a: string, b: string) => collator.compare(a, b));
    }
    case 'PRICE_ASC':
      return byKey((a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0));
    case 'PRICE_DESC':
      return byKey((a: bigint, b: bigint) => (a > b ? -1 : a < b ? 1 : 0));
  }
}

/** What one shard answers for a page: up to `first` hits from its position on, in order, its total and its facets. */
export interface ShardPage {
  hits: readonly ShardHit[];
  total: number;
  facets: Facets;
}

/** A merged page: hits with the shard each came from, the summed total and facets, and the positions after it. */
export interface MergedPage {
  hits: Array<ShardHit & { shard: number }>;
  total: number;
  facets: Facets;
  /** Each shard's position after this page: the next page's cursor. */
  positions: number[];
  hasNextPage: boolean;
}

/**
 * Merges the shards' pages into the page one index would give: the least `first` hits by `order`,
 * each shard's position moved past the hits taken from it, totals and facets summed. Each shard must
 * have answered `first` hits after `positions[s]`, or all it had left: a short page with more left
 * would let the merge skip a hit, so it is refused.
 */
export function mergePages(
  pages: readonly ShardPage[],
  options: { first: number; positions: readonly number[]; order: (a: ShardHit, b: ShardHit) => number },
): MergedPage {
  const { first, positions, order } = options;
  if (positions.length !== pages.length) throw new RangeError(`${pages.length} shard pages for a cursor of ${positions.length} shards`);
  pages.forEach((page, s) => {
    const left = page.total - positions[s]!;
    if (left < 0) throw new RangeError(`shard ${s}'s position ${positions[s]} is past its ${page.total} matches`);
    if (page.hits.length < Math.min(first, left)) throw new RangeError(`shard ${s} answered ${page.hits.length} hits of the ${Math.min(first, left)} asked`);
  });
  const heads = new Int32Array(pages.length);
  const hits: MergedPage['hits'] = [];
  while (hits.length < first) {
    let best = -1;
    for (let s = 0; s < pages.length; s++) {
      const hit = pages[s]!.hits[heads[s]!];
      if (hit && (best < 0 || order(hit, pages[best]!.hits[heads[best]!]!) < 0)) best = s;
    }
    if (best < 0) break;
    hits.push({ ...pages[best]!.hits[heads[best]!++]!, shard: best });
  }
  const next = positions.map((position, s) => position + heads[s]!);
  const total = pages.reduce((sum, page) => sum + page.total, 0);
  return { hits, total, facets: sumFacets(pages.map((page) => page.facets)), positions: next, hasNextPage: next.reduce((a, b) => a + b, 0) < total };
}

/** The facets of the whole from the shards' facets: counts summed per value, ordered as `countFacets` orders them. */
export function sumFacets(all: readonly Facets[]): Facets {
  const codes = (pick: (f: Facets) => FacetCount[]): FacetCount[] => {
    const sums = new Map<string, number>();
    for (const facets of all) for (const { code, count } of pick(facets)) sums.set(code, (sums.get(code) ?? 0) + count);
    return [...sums].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  };
  const ratings = new Map<number, number>();
  for (const facets of all) for (const { value, count } of facets.ratings) ratings.set(value, (ratings.get(value) ?? 0) + count);
  return {
    economies: codes((f) => f.economies),
    categories: codes((f) => f.categories),
    ratings: [...ratings].map(([value, count]): RatingCount => ({ value, count })).sort((a, b) => b.value - a.value),
    certifications: codes((f) => f.certifications),
  };
}

/**
 * Each shard's position as a cursor's payload: a version byte, the shard count and each position
 * as LEB128 varints, in base64url. The gateway signs cursors as it does today (the payload is
 * opaque to visitors); this only packs and unpacks, within MAX_SHARDS and MAX_POSITION.
 */
export function encodePositions(positions: readonly number[]): string {
  if (positions.length < 1 || positions.length > MAX_SHARDS) throw new RangeError(`a cursor names 1 to ${MAX_SHARDS} shards, not ${positions.length}`);
  const bytes: number[] = [1];
  const varint = (value: number) => {
    if (!Number.isInteger(value) || value < 0 || value > MAX_POSITION) throw new RangeError(`a position is an integer from 0 to ${MAX_POSITION}, not ${value}`);
    for (; value >= 0x80; value = Math.floor(value / 128)) bytes.push((value & 0x7f) | 0x80);
    bytes.push(value);
  };
  varint(positions.length);
  for (const position of positions) varint(position);
  return base64url(Uint8Array.from(bytes));
}

/** Longest payload `decodePositions` reads: a version, a count and MAX_SHARDS positions of 5 bytes each, in base64url. */
const MAX_PAYLOAD_CHARS = Math.ceil(((2 + 5 * MAX_SHARDS) * 4) / 3);

/**
 * The positions of a payload made by `encodePositions`, or undefined for anything else: too long,
 * not base64url, another version, another shard count than `shards`, a position out of range,
 * bytes left over. Linear in the payload, which is bounded before it is read.
 */
export function decodePositions(payload: string, shards: number): number[] | undefined {
  if (payload.length === 0 || payload.length > MAX_PAYLOAD_CHARS || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  const bytes = fromBase64url(payload);
  if (bytes?.[0] !== 1) return undefined;
  let at = 1;
  const varint = (): number | undefined => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= bytes.length) return undefined;
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      // Canonical only: no empty high byte, so one list of positions has one spelling.
      if (byte < 0x80) return (byte === 0 && shift > 0) || value > MAX_POSITION ? undefined : value;
    }
    return undefined;
  };
  const count = varint();
  if (count !== shards || count > MAX_SHARDS) return undefined;
  const positions: number[] = [];
  for (let s = 0; s < count; s++) {
    const position = varint();
    if (position === undefined) return undefined;
    positions.push(position);
  }
  return at === bytes.length ? positions : undefined;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) text += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return text;
}

function fromBase64url(text: string): Uint8Array | undefined {
  if (text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let n = 0;
  for (const char of text) {
    value = (value << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (value >> bits) & 0xff;
    }
  }
  // Canonical only: the bits left over are zero, so one payload has one spelling.
  return (value & ((1 << bits) - 1)) === 0 ? bytes : undefined;
}

/**
 * The terms whose statistics a search needs from every shard: the direct words of the plan's
 * clauses and their inflections. Today's scoring reads of them only whether some shard holds them
 * (`Statistics.knows`); a scoring that weighs terms by rarity would read the same frequencies.
 */
export function statisticsTerms(plan: SearchPlan): string[] {
  const terms = new Set<string>();
  for (const clause of plan.clauses) {
    for (const token of clause.alternatives[0]?.tokens ?? []) {
      terms.add(token);
      for (const form of inflections(token)) terms.add(form);
    }
  }
  return [...terms];
}

/** What one shard reports before a search: its documents, each asked term's document frequency, and whether it names products in the asked language. */
export interface ShardStatistics {
  docCount: number;
  frequencies: Record<string, number>;
  namedInLanguage: boolean;
}

/**
 * A shard's statistics from its postings (one per snapshot it holds): each term's document
 * frequency is the length of its postings list, found by binary search of the sorted dictionary.
 */
export function shardStatistics(
  postings: ReadonlyArray<Pick<SearchPostings, 'terms' | 'offsets' | 'size'>>,
  terms: readonly string[],
  namedInLanguage: boolean,
): ShardStatistics {
  const frequencies: Record<string, number> = {};
  for (const term of terms) {
    let df = 0;
    for (const p of postings) {
      const id = search(p.terms, term);
      if (id >= 0) df += p.offsets[id + 1]! - p.offsets[id]!;
    }
    frequencies[term] = df;
  }
  return { docCount: postings.reduce((sum, p) => sum + p.size, 0), frequencies, namedInLanguage };
}

/** The whole catalogue's statistics: the shards' summed. `knows` is what `typoWords` asks of an index. */
export interface Statistics {
  docCount: number;
  frequency(term: string): number;
  knows(token: string): boolean;
  namedInLanguage: boolean;
}

/** Sums the shards' statistics into the whole catalogue's, which every shard's search then runs with. */
export function globalStatistics(shards: readonly ShardStatistics[]): Statistics {
  const sums = new Map<string, number>();
  for (const shard of shards) for (const [term, df] of Object.entries(shard.frequencies)) sums.set(term, (sums.get(term) ?? 0) + df);
  const frequency = (term: string) => sums.get(term) ?? 0;
  return {
    docCount: shards.reduce((sum, s) => sum + s.docCount, 0),
    frequency,
    knows: (token) => frequency(token) > 0 || inflections(token).some((form) => frequency(form) > 0),
    namedInLanguage: shards.some((s) => s.namedInLanguage),
  };
}

/** The language NAME_ASC reads names in, as one index decides it: `lang` when some product is named in it, else its base language. */
export function nameLanguage(lang: string, statistics: Pick<Statistics, 'namedInLanguage'>): string {
  return statistics.namedInLanguage ? lang : lang.split('-')[0]!;
}

function search(sorted: readonly string[], value: string): number {
  const at = lowerBound(sorted, value);
  return at < sorted.length && sorted[at] === value ? at : -1;
}
