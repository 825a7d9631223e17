import type { CanonicalProduct } from '../../../schemas/product';
import { categoryToken, lexiconPairs } from './search-plan';
import { indexTokens } from './tokenize';

/** How much a match in each field counts: a name match outranks a description match. */
export const FIELD_WEIGHTS = { name: 16, producer: 6, region: 4, category: 3, description: 2, story: 1 } as const;

/**
 * What a search index is made of: a sorted token dictionary and, per token, a postings list of
 * product ordinals (ascending) with the best field's weight alongside. Numbers and strings only.
 */
export interface SearchPostings {
  terms: string[];
  /** Postings of term t: docs[offsets[t] .. offsets[t + 1]). */
  offsets: Uint32Array;
  docs: Int32Array;
  weights: Uint8Array;
  size: number;
}

/**
 * Postings whose lists are kept as `packAscending` stores them (varints of the gaps between their
 * ascending doc numbers): what a `SearchIndex` over a stored slice reads, decoding a list as a search
 * walks it.
 */
export interface PackedPostings {
  terms: string[];
  /** Postings of term t are the t-th packed list, offsets[t + 1] - offsets[t] of them. */
  offsets: Uint32Array;
  packed: Uint8Array;
  weights: Uint8Array;
  size: number;
}

/** The postings of `products`, in the order given. */
export function buildPostings(products: Iterable<CanonicalProduct>): SearchPostings {
  const builder = new PostingsBuilder();
  for (const product of products) builder.add(product);
  return builder.finish();
}

/** Postings appended per chunk: fixed-size typed arrays, so a harvest never copies a growing one. */
const CHUNK = 1 << 16;

/**
 * Tokenizes products one at a time, as a harvest hands them over, into one append-only list of
 * (token, product, weight) in fixed-size chunks; `finish` sorts them into postings by token and
 * renumbers the products (a snapshot numbers its documents in id order, whatever order they came
 * in). A few large arrays, not two growing ones per distinct token: at 250,000 products the
 * latter were hundreds of thousands of short-lived buffers, whose freed memory the allocator kept.
 */
export class PostingsBuilder {
  private readonly tokenIds = new Map<string, number>();
  private readonly chunks: Array<{ tokens: Int32Array; docs: Int32Array; weights: Uint8Array }> = [];
  private readonly pairs = lexiconPairs();
  private total = 0;
  private count = 0;

  /** Adds the next product; its number is the count added before it. */
  add(product: CanonicalProduct): void {
    const doc = this.count++;
    for (const [token, weight] of tokensOf(product, this.pairs)) {
      let id = this.tokenIds.get(token);
      if (id === undefined) this.tokenIds.set(token, (id = this.tokenIds.size));
      const at = this.total++ % CHUNK;
      if (at === 0) this.chunks.push({ tokens: new Int32Array(CHUNK), docs: new Int32Array(CHUNK), weights: new Uint8Array(CHUNK) });
      const chunk = this.chunks[this.chunks.length - 1]!;
      chunk.tokens[at] = id;
      chunk.docs[at] = doc;
      chunk.weights[at] = weight;
    }
  }

  /** The postings, product number n becoming `rank[n]` (unchanged without a rank), each list ascending. */
  finish(rank?: ArrayLike<number>): SearchPostings {
    const terms = [...this.tokenIds.keys()].sort();
    // Token ids were given in order of first appearance; a term's id is its place in sorted order.
    const place = new Uint32Array(terms.length);
    terms.forEach((term, id) => {
      place[this.tokenIds.get(term)!] = id;
    });
    const offsets = new Uint32Array(terms.length + 1);
    this.chunks.forEach((chunk, c) => {
      const n = Math.min(CHUNK, this.total - c * CHUNK);
      for (let i = 0; i < n; i++) offsets[place[chunk.tokens[i]!]! + 1]!++;
    });
    for (let id = 0; id < terms.length; id++) offsets[id + 1]! += offsets[id]!;
    const next = offsets.slice(0, terms.length);
    const docs = new Int32Array(this.total);
    const weights = new Uint8Array(this.total);
    // Products were added in number order, so each list comes out ascending unless ranked.
    this.chunks.forEach((chunk, c) => {
      const n = Math.min(CHUNK, this.total - c * CHUNK);
      for (let i = 0; i < n; i++) {
        const at = next[place[chunk.tokens[i]!]!]!++;
        docs[at] = rank ? rank[chunk.docs[i]!]! : chunk.docs[i]!;
        weights[at] = chunk.weights[i]!;
      }
    });
    this.chunks.length = 0;
    this.tokenIds.clear();
    if (rank) for (let id = 0; id < terms.length; id++) sortPostings(docs, weights, offsets[id]!, offsets[id + 1]!);
    return { terms, offsets, docs, weights, size: this.count };
  }
}

/** Sorts one postings list (docs[from..to), weights alongside) by document, when it is not sorted already. */
function sortPostings(docs: Int32Array, weights: Uint8Array, from: number, to: number): void {
  let sorted = true;
  for (let i = from + 1; i < to && sorted; i++) if (docs[i]! < docs[i - 1]!) sorted = false;
  if (sorted) return;
  const pairs = Array.from({ length: to - from }, (_, i) => [docs[from + i]!, weights[from + i]!] as const).sort((a, b) => a[0] - b[0]);
  pairs.forEach(([doc, weight], i) => {
    docs[from + i] = doc;
    weights[from + i] = weight;
  });
}

/** Each token of a product with the weight of the best field it appears in. */
function tokensOf(product: CanonicalProduct, pairs: ReadonlySet<string>): Map<string, number> {
  const best = new Map<string, number>();
  for (const [text, weight] of fieldsOf(product)) {
    indexTokens(text, pairs, (token) => {
      const had = best.get(token);
      if (had === undefined || had < weight) best.set(token, weight);
    });
  }
  if (product.category) best.set(categoryToken(product.category), Math.max(best.get(categoryToken(product.category)) ?? 0, FIELD_WEIGHTS.category));
  return best;
}

function* fieldsOf(p: CanonicalProduct): Iterable<[string, number]> {
  for (const text of Object.values(p.name)) yield [text, FIELD_WEIGHTS.name];
  for (const text of Object.values(p.description ?? {})) yield [text, FIELD_WEIGHTS.description];
  for (const text of Object.values(p.story ?? {})) yield [text, FIELD_WEIGHTS.story];
  if (p.producer) yield [p.producer.name, FIELD_WEIGHTS.producer];
  for (const place of [p.origin.region, p.origin.locality, p.producer?.region]) {
    if (place) yield [place, FIELD_WEIGHTS.region];
  }
}

/**
 * Postings lists as varints of the gaps between their ascending doc numbers: mostly one byte a
 * posting instead of four, for the store (the index in memory keeps plain Int32Arrays).
 */
export function packAscending(docs: Int32Array, offsets: Uint32Array): Uint8Array {
  const out = new Uint8Array(docs.length * 5);
  let at = 0;
  for (let t = 0; t + 1 < offsets.length; t++) {
    let last = 0;
    for (let i = offsets[t]!; i < offsets[t + 1]!; i++) {
      let gap = docs[i]! - last;
      last = docs[i]!;
      while (gap >= 0x80) {
        out[at++] = (gap & 0x7f) | 0x80;
        gap >>>= 7;
      }
      out[at++] = gap;
    }
  }
  return out.slice(0, at);
}

/** `packAscending` undone: the doc numbers of every list, in one array. */
export function unpackAscending(bytes: Uint8Array, offsets: Uint32Array): Int32Array {
  const docs = new Int32Array(offsets[offsets.length - 1] ?? 0);
  let at = 0;
  for (let t = 0; t + 1 < offsets.length; t++) {
    let last = 0;
    for (let i = offsets[t]!; i < offsets[t + 1]!; i++) {
      let gap = 0;
      let shift = 0;
      let byte: number;
      do {
        if (at >= bytes.length) throw new RangeError('truncated postings');
        byte = bytes[at++]!;
        gap |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      docs[i] = last += gap;
    }
  }
  return docs;
}
