import type { CanonicalProduct } from '../../schemas/product';
import { isUnspaced, tokenize } from './tokenize';

/** How much a match in each field counts: a name match outranks a description match. */
const FIELD_WEIGHTS = { name: 16, producer: 6, region: 4, description: 2, story: 1 } as const;
/** A whole-word match counts this many times a match on part of a word. */
const WHOLE_WORD = 2;

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

  constructor(products: readonly CanonicalProduct[]) {
    const building = new Map<string, { docs: number[]; weights: number[] }>();
    products.forEach((product, doc) => {
      const best = new Map<string, number>();
      for (const [text, weight] of fieldsOf(product)) {
        for (const token of tokenize(text)) best.set(token, Math.max(best.get(token) ?? 0, weight));
      }
      for (const [token, weight] of best) {
        let list = building.get(token);
        if (!list) building.set(token, (list = { docs: [], weights: [] }));
        list.docs.push(doc);
        list.weights.push(weight);
      }
    });
    for (const [token, list] of building) {
      this.postings.set(token, { docs: Int32Array.from(list.docs), weights: Uint8Array.from(list.weights) });
    }
    this.vocabulary = [...building.keys()].sort();
  }

  /**
   * Documents matching every token of the query (a token matches a whole token, or the start of
   * one), with their scores; undefined when the query has no searchable token.
   */
  search(query: string): Map<number, number> | undefined {
    const tokens = [...new Set(tokenize(query, 'query'))];
    if (tokens.length === 0) return undefined;
    const perToken = tokens.map((t) => this.match(t)).sort((a, b) => a.size - b.size);
    const [first, ...rest] = perToken;
    const result = new Map<number, number>();
    for (const [doc, score] of first!) {
      let total = score;
      let all = true;
      for (const other of rest) {
        const s = other.get(doc);
        if (s === undefined) {
          all = false;
          break;
        }
        total += s;
      }
      if (all) result.set(doc, total);
    }
    return result;
  }

  /** Scores by document for one query token: whole-token matches, then matches on a token's start. */
  private match(token: string): Map<number, number> {
    const scores = new Map<number, number>();
    const add = (postings: Postings, factor: number) => {
      for (let i = 0; i < postings.docs.length; i++) {
        const doc = postings.docs[i]!;
        const score = postings.weights[i]! * factor;
        if (score > (scores.get(doc) ?? 0)) scores.set(doc, score);
      }
    };
    const exact = this.postings.get(token);
    if (exact) add(exact, WHOLE_WORD);
    const unspaced = isUnspaced(token);
    if (unspaced ? [...token].length === 1 : token.length >= 2) {
      for (let i = lowerBound(this.vocabulary, token); i < this.vocabulary.length; i++) {
        const candidate = this.vocabulary[i]!;
        if (!candidate.startsWith(token)) break;
        if (candidate !== token) add(this.postings.get(candidate)!, 1);
      }
    }
    return scores;
  }
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
