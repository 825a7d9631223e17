import type { CanonicalProduct } from '../../schemas/product';
import { isUnspaced, tokenize } from './tokenize';

/** How much a match in each field counts: a name match outranks a description match. */
const FIELD_WEIGHTS = { name: 16, producer: 6, region: 4, description: 2, story: 1 } as const;
/** A whole-word match counts this many times a match on part of a word. */
const WHOLE_WORD = 2;

interface Scratch {
  stamp: Uint32Array;
  value: Float64Array;
}

interface Postings {
  docs: Int32Array;
  weights: Uint8Array;
}

/**
 * An inverted index over every product's names, descriptions, stories, producer and region in
 * every language. Built once per catalogue snapshot; its size grows linearly with the products.
 */
export class SearchIndex {
  private readonly postings = new Map<string, Postings>();
  /** Distinct tokens in sorted order, for prefix matches. */
  private readonly vocabulary: string[];
  /** Per-document buffers reused by every search, stamped by generation instead of cleared. */
  private readonly scratch: { total: Scratch; best: Scratch };
  private generation = 0;

  constructor(products: readonly CanonicalProduct[]) {
    // One pass into growable typed arrays (trimmed at the end): postings never live as JS arrays.
    const growing = new Map<string, { docs: Int32Array; weights: Uint8Array; length: number }>();
    products.forEach((product, doc) => {
      for (const [token, weight] of tokensOf(product)) {
        let p = growing.get(token);
        if (!p) growing.set(token, (p = { docs: new Int32Array(4), weights: new Uint8Array(4), length: 0 }));
        if (p.length === p.docs.length) {
          const docs = new Int32Array(p.length * 2);
          const weights = new Uint8Array(p.length * 2);
          docs.set(p.docs);
          weights.set(p.weights);
          p.docs = docs;
          p.weights = weights;
        }
        p.docs[p.length] = doc;
        p.weights[p.length++] = weight;
      }
    });
    for (const [token, p] of growing) this.postings.set(token, { docs: p.docs.slice(0, p.length), weights: p.weights.slice(0, p.length) });
    this.vocabulary = [...growing.keys()].sort();
    const scratch = (): Scratch => ({ stamp: new Uint32Array(products.length), value: new Float64Array(products.length) });
    this.scratch = { total: scratch(), best: scratch() };
  }

  /**
   * Documents matching every token of the query (a token matches a whole token, or the start of
   * one), with their scores; undefined when the query has no searchable token. The result reads
   * reusable buffers: use it before the next search (searching is synchronous, so nothing
   * interleaves).
   */
  search(query: string): SearchResult | undefined {
    const tokens = [...new Set(tokenize(query, 'query'))];
    if (tokens.length === 0) return undefined;
    const lists = tokens.map((t) => this.postingsFor(t)).sort((a, b) => size(a) - size(b));
    const { total, best } = this.scratch;
    // The rarest token picks the candidates; each further token keeps those it also matches.
    let generation = this.nextGeneration();
    let candidates: number[] = [];
    for (const [postings, factor] of lists[0]!) {
      for (let i = 0; i < postings.docs.length; i++) {
        const doc = postings.docs[i]!;
        const score = postings.weights[i]! * factor;
        if (best.stamp[doc] !== generation) {
          best.stamp[doc] = generation;
          best.value[doc] = score;
          candidates.push(doc);
        } else if (score > best.value[doc]!) best.value[doc] = score;
      }
    }
    for (const doc of candidates) total.value[doc] = best.value[doc]!;
    for (const list of lists.slice(1)) {
      if (candidates.length === 0) break;
      const previous = generation;
      generation = this.nextGeneration();
      for (const [postings, factor] of list) {
        for (let i = 0; i < postings.docs.length; i++) {
          const doc = postings.docs[i]!;
          if (best.stamp[doc] !== previous && best.stamp[doc] !== generation) continue;
          const score = postings.weights[i]! * factor;
          if (best.stamp[doc] === previous) {
            best.stamp[doc] = generation;
            best.value[doc] = score;
          } else if (score > best.value[doc]!) best.value[doc] = score;
        }
      }
      candidates = candidates.filter((doc) => best.stamp[doc] === generation);
      for (const doc of candidates) total.value[doc]! += best.value[doc]!;
    }
    const final = this.nextGeneration();
    for (const doc of candidates) total.stamp[doc] = final;
    return {
      docs: candidates,
      has: (doc) => total.stamp[doc] === final,
      score: (doc) => (total.stamp[doc] === final ? total.value[doc]! : 0),
    };
  }

  /** Postings for one query token: whole-token matches count double, then tokens it starts. */
  private postingsFor(token: string): Array<[Postings, number]> {
    const lists: Array<[Postings, number]> = [];
    const exact = this.postings.get(token);
    if (exact) lists.push([exact, WHOLE_WORD]);
    const unspaced = isUnspaced(token);
    if (unspaced ? [...token].length === 1 : token.length >= 2) {
      for (let i = lowerBound(this.vocabulary, token); i < this.vocabulary.length; i++) {
        const candidate = this.vocabulary[i]!;
        if (!candidate.startsWith(token)) break;
        if (candidate !== token) lists.push([this.postings.get(candidate)!, 1]);
      }
    }
    return lists;
  }

  private nextGeneration(): number {
    if (++this.generation === 0xffffffff) {
      this.scratch.total.stamp.fill(0);
      this.scratch.best.stamp.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }
}

/** The documents a search matched, and their scores. */
export interface SearchResult {
  docs: readonly number[];
  has(doc: number): boolean;
  score(doc: number): number;
}

function size(lists: Array<[Postings, number]>): number {
  return lists.reduce((n, [p]) => n + p.docs.length, 0);
}

/** Each token of a product with the weight of the best field it appears in. */
function tokensOf(product: CanonicalProduct): Map<string, number> {
  const best = new Map<string, number>();
  for (const [text, weight] of fieldsOf(product)) {
    for (const token of tokenize(text)) best.set(token, Math.max(best.get(token) ?? 0, weight));
  }
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

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
