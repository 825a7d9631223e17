import type { CanonicalProduct } from '../../../schemas/product';
import { BoundedMap } from '../../collections/bounded-map';
import { allowedEdits, boundedDistance, codePoints } from './edit-distance';
import { inflections, planQuery, type Alternative, type Clause, type MatchKind, type SearchPlan } from './search-plan';
import { isUnspaced } from './tokenize';
import { buildPostings, FIELD_WEIGHTS, packAscending, type PackedPostings, type SearchPostings, unpackAscending } from './postings';

export type SearchField = 'NAME' | 'PRODUCER' | 'REGION' | 'CATEGORY' | 'DESCRIPTION' | 'STORY';
/** The field each weight of `FIELD_WEIGHTS` (postings.ts) stands for: what a match explains itself with. */
const FIELD_OF_WEIGHT: Record<number, SearchField> = { 16: 'NAME', 6: 'PRODUCER', 4: 'REGION', 3: 'CATEGORY', 2: 'DESCRIPTION', 1: 'STORY' };

/**
 * What each way of matching a word multiplies the field weight by: a whole word counts twice a
 * word it starts; an inflection (plural) or typo counts less than the word itself.
 */
const MATCH_FACTOR = { EXACT: 2, VARIANT: 1.5, PREFIX: 1, TYPO1: 0.5, TYPO2: 0.25 } as const;
/**
 * What each source of an alternative multiplies by. A lexicon match (another language) ranks below
 * any match of the product's own words: its best (a name, 16 × 2 / 64) is under the weakest own
 * match (a prefix in the story, 1).
 */
const SOURCE_FACTOR = { DIRECT: 1, VARIANT: 0.5, LEXICON: 1 / 64 } as const;

/** Why a product matched one clause of the query. */
export interface SearchMatch {
  /** The query's words. */
  term: string;
  /** The product's word (a corrected typo, a completed prefix) or the lexicon term it matched. */
  matched: string;
  kind: MatchKind;
  field: SearchField;
  /** The lexicon concept, for VARIANT and LEXICON matches. */
  concept?: string;
}

/** Documents (ascending) and their scores. */
export interface Scored {
  docs: Int32Array;
  scores: Float64Array;
}

/** The documents a search matched, and their scores. */
export interface SearchResult {
  docs: readonly number[] | Int32Array;
  /** Each match's score, beside it (`scores[i]` is `docs[i]`'s): read without a look-up per document. */
  scores: Float64Array;
  has(doc: number): boolean;
  score(doc: number): number;
}

/**
 * The query's words that no index knows whole: only these match the words they start (a word
 * being typed) and, from five letters, words a few edits away (a typo), so that a real word never
 * drags in its neighbours ("tempe" is tempeh, not temperature).
 */
export interface TypoWords {
  /** Words of a plain clause that may match words they start. */
  partial: ReadonlySet<string>;
  /** Words of a plain clause that may match words within the allowed edits. */
  typos: ReadonlySet<string>;
}

interface Expansion {
  term: number;
  factor: number;
  kind: MatchKind;
}

function isPostings(source: Iterable<CanonicalProduct> | SearchPostings | PackedPostings): source is SearchPostings | PackedPostings {
  return (source as SearchPostings).offsets instanceof Uint32Array;
}

/**
 * Per-doc work space of unions, shared by every index of the isolate (a union runs to its end
 * without awaiting, and copies out what it answers): a generation stamp, the best score, and the
 * docs collected; grown to the largest index that unites. One per index was 16 bytes a document of
 * every slice of every shard an isolate holds (issue 30).
 */
const work = { stamp: new Uint32Array(0), value: new Float64Array(0), collected: new Int32Array(0), generation: 0 };

/** The shared work space, large enough for an index of `size` documents, and the next generation of its stamps. */
function workSpace(size: number): number {
  if (work.stamp.length < size) {
    work.stamp = new Uint32Array(size);
    work.value = new Float64Array(size);
    work.collected = new Int32Array(size);
    work.generation = 0;
  }
  if (++work.generation === 0xffffffff) {
    work.stamp.fill(0);
    work.generation = 1;
  }
  return work.generation;
}

/** A packed postings list decoded (shared, grown to the longest list decoded): read before the next decode. */
let decoded = new Int32Array(1024);

/**
 * An inverted index over every product's names, descriptions, stories, producer, region and
 * category: a sorted token dictionary and, per token, a postings list of product ordinals (in one
 * Int32Array, with the best field's weight in a parallel Uint8Array). No product objects are held:
 * the index is numbers and token strings, ready to serialize. Built once per catalogue snapshot.
 */
export class SearchIndex {
  /** Distinct tokens in sorted order (for prefix matches); a token's id is its place here. */
  private readonly terms: string[];
  private readonly termIds = new Map<string, number>();
  /** Postings of term t: docs[offsets[t] .. offsets[t + 1]), ascending, weights alongside. */
  private readonly offsets: Uint32Array;
  /** The postings as doc numbers; absent when they are kept packed. */
  private readonly docs?: Int32Array;
  /**
   * The postings kept packed (varints of the gaps, `packAscending`), term t's from byte starts[t]:
   * about a byte a posting instead of four, decoded as a search reads a list (a shard's slices).
   */
  private readonly packed?: { bytes: Uint8Array; starts: Uint32Array };
  /** Each posting's field weight (`FIELD_WEIGHTS`), beside it; absent when kept as codes in `codes`. */
  private readonly weights?: Uint8Array;
  /**
   * With packed postings, each posting's weight as a 4-bit code (`WEIGHT_CODES`), two a byte: a
   * weight is one of six field weights, and a byte each was as much as the packed lists themselves.
   */
  private readonly codes?: Uint8Array;
  readonly size: number;
  /** Term ids by length in code points, for typo look-ups; built on the first typo. */
  private byLength?: Map<number, Int32Array>;
  /** Typo expansions by query word (request input, hence bounded). */
  private readonly typos = new BoundedMap<string, Expansion[]>({ maxEntries: 2048, maxBytes: 4 * 1024 * 1024 });

  /**
   * The index of a list of products, numbered in list order, or from postings already built, or
   * from postings kept packed (`PackedPostings`: a store's, decoded as a search reads them).
   */
  constructor(source: Iterable<CanonicalProduct> | SearchPostings | PackedPostings) {
    const postings = isPostings(source) ? source : buildPostings(source);
    this.terms = postings.terms;
    for (let id = 0; id < this.terms.length; id++) this.termIds.set(this.terms[id]!, id);
    this.offsets = postings.offsets;
    if ('packed' in postings) this.packed = { bytes: postings.packed, starts: packedStarts(postings.packed, postings.offsets) };
    else this.docs = postings.docs;
    // Packed lists come from a store's bytes, which the index must not keep: its weights are its own.
    if ('packed' in postings) {
      this.codes = weightCodes(postings.weights);
      if (!this.codes) this.weights = postings.weights.slice();
    } else this.weights = postings.weights;
    this.size = postings.size;
  }

  /** What the index is made of, to store it (a new instance loads it without tokenizing anything); packed postings are decoded. */
  postings(): SearchPostings {
    const docs = this.docs ?? unpackAscending(this.packed!.bytes, this.offsets);
    return { terms: this.terms, offsets: this.offsets, docs, weights: this.plainWeights(), size: this.size };
  }

  /** The dictionary and each term's document count (its list's length), without the lists: a shard's statistics. */
  dictionary(): Pick<SearchPostings, 'terms' | 'offsets' | 'size'> {
    return { terms: this.terms, offsets: this.offsets, size: this.size };
  }

  /** What the index is made of, its lists as `packAscending` stores them (the packed bytes as they are, when kept so). */
  packedPostings(): PackedPostings {
    const packed = this.packed ? this.packed.bytes : packAscending(this.docs!, this.offsets);
    return { terms: this.terms, offsets: this.offsets, packed, weights: this.plainWeights(), size: this.size };
  }

  /** Bytes the index holds: its postings, weights and offsets, and what `heapBytes` counts. */
  get bytes(): number {
    const postings = this.docs ? this.docs.byteLength : this.packed!.bytes.byteLength;
    return postings + (this.weights ?? this.codes!).byteLength + this.offsets.byteLength + this.heapBytes;
  }

  /** Bytes of the typo expansions the index keeps (they grow with the searches it answers, up to 4 MB). */
  get typoBytes(): number {
    return this.typos.bytes;
  }

  /**
   * Bytes the index holds besides the arrays it was given: an estimate of its dictionary's strings
   * and map in the JS heap, where packed lists start, and the typo expansions it keeps (what an
   * isolate's budget of shards counts beside a slice's stored bytes, `ShardMemory`).
   */
  get heapBytes(): number {
    let chars = 0;
    for (const term of this.terms) chars += term.length;
    return 2 * chars + TERM_OVERHEAD_BYTES * this.terms.length + (this.packed?.starts.byteLength ?? 0) + this.typos.bytes;
  }

  /** True when `token` (or one of its inflections) is a word of this index. */
  knows(token: string): boolean {
    return this.termIds.has(token) || inflections(token).some((form) => this.termIds.has(form));
  }

  /**
   * Documents matching every token of the query, with scores; undefined when the query has no
   * searchable token. A convenience over `planQuery` and `run` for a single index.
   */
  search(query: string): SearchResult | undefined {
    const plan = planQuery(query);
    if (!plan) return undefined;
    const result = this.run(plan, typoWords(plan, [this]));
    const byDoc = new Map<number, number>();
    for (let i = 0; i < result.docs.length; i++) byDoc.set(result.docs[i]!, result.scores[i]!);
    return { docs: result.docs, scores: result.scores, has: (doc) => byDoc.has(doc), score: (doc) => byDoc.get(doc) ?? 0 };
  }

  /**
   * Runs a plan: every clause must match, through the best of its alternatives; a clause's score
   * is its best alternative's, the document's score their sum. The clauses are intersected
   * smallest first (the fewest steps), and their scores added in the plan's order: a sum of
   * doubles depends on its order in the last bit (a phrase's mean is a third), and which clause is
   * smallest depends on the other documents, so a shard of a partitioned catalogue would otherwise
   * score a product apart from one index and break a tie differently.
   */
  run(plan: SearchPlan, typos: TypoWords): Scored {
    const clauses = plan.clauses.map((clause) => this.clause(clause, typos));
    if (clauses.length === 1) return clauses[0]!;
    const bySize = clauses.map((_, c) => c).sort((a, b) => clauses[a]!.docs.length - clauses[b]!.docs.length);
    // Each clause's place in its own list, for every document still in: its score is read from there.
    const first = clauses[bySize[0]!]!;
    let docs = first.docs;
    const at: Int32Array[] = [];
    at[bySize[0]!] = Int32Array.from({ length: docs.length }, (_, i) => i);
    for (let k = 1; k < bySize.length; k++) {
      const c = bySize[k]!;
      const kept = new Int32Array(docs.length);
      const found = new Int32Array(docs.length);
      const other = clauses[c]!.docs;
      let n = 0;
      for (let i = 0, j = 0; i < docs.length && j < other.length; ) {
        if (docs[i]! === other[j]!) {
          kept[n] = i++;
          found[n++] = j++;
        } else if (docs[i]! < other[j]!) i++;
        else j++;
      }
      for (const d of bySize.slice(0, k)) at[d] = pick(at[d]!, kept, n);
      at[c] = found.subarray(0, n);
      docs = pick(docs, kept, n);
    }
    const scores = new Float64Array(docs.length);
    for (let c = 0; c < clauses.length; c++) {
      const from = clauses[c]!.scores;
      const places = at[c]!;
      for (let i = 0; i < docs.length; i++) scores[i]! += from[places[i]!]!;
    }
    return { docs, scores };
  }

  /** Why `doc` matched each clause of the plan: the best alternative and the word it matched. */
  explain(plan: SearchPlan, typos: TypoWords, doc: number): SearchMatch[] {
    const matches: SearchMatch[] = [];
    for (const clause of plan.clauses) {
      let best: { score: number; match: SearchMatch } | undefined;
      for (const alternative of clause.alternatives) {
        let score = 0;
        let weakest: { kind: MatchKind; term: number; weight: number } | undefined;
        for (const token of alternative.tokens) {
          let tokenBest: { factor: number; kind: MatchKind; term: number; weight: number } | undefined;
          for (const e of this.expand(token, alternative, clause, typos)) {
            const weight = this.weightOf(e.term, doc);
            if (weight && (!tokenBest || weight * e.factor > tokenBest.weight * tokenBest.factor)) tokenBest = { ...e, weight };
          }
          if (!tokenBest) {
            score = 0;
            break;
          }
          score += tokenBest.weight * tokenBest.factor;
          if (!weakest || KIND_ORDER[tokenBest.kind] > KIND_ORDER[weakest.kind]) weakest = tokenBest;
        }
        score *= sourceFactor(alternative) / alternative.tokens.length;
        if (!score || !weakest || (best && best.score >= score)) continue;
        const single = alternative.source === 'DIRECT' && alternative.tokens.length === 1;
        best = {
          score,
          match: {
            term: clause.text,
            matched: single ? this.terms[weakest.term]! : alternative.term,
            kind: alternative.kind ?? (alternative.source === 'DIRECT' ? weakest.kind : alternative.source),
            field: FIELD_OF_WEIGHT[weakest.weight] ?? 'DESCRIPTION',
            ...(alternative.concept ? { concept: alternative.concept.replace(/^category:/, '') } : {}),
          },
        };
      }
      if (best) matches.push(best.match);
    }
    return matches;
  }

  private clause(clause: Clause, typos: TypoWords): Scored {
    const alternatives: Scored[] = [];
    for (const alternative of clause.alternatives) {
      let result: Scored | undefined;
      for (const token of alternative.tokens) {
        const scored = this.union(this.expand(token, alternative, clause, typos));
        result = result ? intersect(result, scored) : scored;
        if (result.docs.length === 0) break;
      }
      if (!result || result.docs.length === 0) continue;
      // A phrase scores the mean of its words: its length does not outweigh a one-word alternative.
      const factor = sourceFactor(alternative) / alternative.tokens.length;
      if (factor !== 1) {
        const scores = new Float64Array(result.scores.length);
        for (let i = 0; i < scores.length; i++) scores[i] = result.scores[i]! * factor;
        result = { docs: result.docs, scores };
      }
      alternatives.push(result);
    }
    return this.unionScored(alternatives);
  }

  /** The dictionary words a query token matches, each with its factor and kind. */
  private expand(token: string, alternative: Alternative, clause: Clause, typos: TypoWords): Expansion[] {
    const found: Expansion[] = [];
    const exact = this.termIds.get(token);
    if (exact !== undefined) found.push({ term: exact, factor: MATCH_FACTOR.EXACT, kind: 'EXACT' });
    for (const form of inflections(token)) {
      const id = this.termIds.get(form);
      if (id !== undefined) found.push({ term: id, factor: MATCH_FACTOR.VARIANT, kind: 'VARIANT' });
    }
    if (alternative.source !== 'DIRECT') return found;
    const unspaced = isUnspaced(token);
    if (clause.prefix && (unspaced ? [...token].length === 1 : typos.partial.has(token))) {
      for (let id = lowerBound(this.terms, token); id < this.terms.length; id++) {
        const candidate = this.terms[id]!;
        if (!candidate.startsWith(token)) break;
        if (candidate !== token) found.push({ term: id, factor: MATCH_FACTOR.PREFIX, kind: 'PREFIX' });
      }
    }
    if (typos.typos.has(token)) found.push(...this.typoExpansions(token));
    return distinctTerms(found);
  }

  /** Dictionary words within the allowed edits of `token`, scanning only its length bucket. */
  private typoExpansions(token: string): Expansion[] {
    const cached = this.typos.get(token);
    if (cached) return cached;
    const word = codePoints(token);
    const max = allowedEdits(word.length);
    const found: Expansion[] = [];
    const buckets = (this.byLength ??= bucketByLength(this.terms));
    for (let length = word.length - max; length <= word.length + max; length++) {
      const ids = buckets.get(length);
      if (!ids) continue;
      for (const id of ids) {
        const d = boundedDistance(word, codePoints(this.terms[id]!), max);
        if (d > 0 && d <= max) found.push({ term: id, factor: d === 1 ? MATCH_FACTOR.TYPO1 : MATCH_FACTOR.TYPO2, kind: 'TYPO' });
      }
    }
    this.typos.set(token, found);
    return found;
  }

  /** The field weight of term `term` in `doc`, or 0: a binary search of its postings. */
  private weightOf(term: number, doc: number): number {
    if (this.packed) {
      // A packed list is read from its start as far as `doc`.
      const { bytes, starts } = this.packed;
      let at = starts[term]!;
      let last = 0;
      for (let i = this.offsets[term]!, end = this.offsets[term + 1]!; i < end; i++) {
        let gap = 0;
        let shift = 0;
        let byte: number;
        do {
          byte = bytes[at++]!;
          gap |= (byte & 0x7f) << shift;
          shift += 7;
        } while (byte & 0x80);
        last += gap;
        if (last >= doc) return last === doc ? this.weightAt(i) : 0;
      }
      return 0;
    }
    const docs = this.docs!;
    let lo = this.offsets[term]!;
    let hi = this.offsets[term + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid]! < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.offsets[term + 1]! && docs[lo] === doc ? this.weightAt(lo) : 0;
  }

  /** The union of some terms' postings, each doc scored by its best term. */
  private union(expansions: readonly Expansion[]): Scored {
    if (expansions.length === 1) {
      const { term, factor } = expansions[0]!;
      const start = this.offsets[term]!;
      const end = this.offsets[term + 1]!;
      const scores = new Float64Array(end - start);
      const { weights, codes } = this;
      if (weights) for (let i = start; i < end; i++) scores[i - start] = weights[i]! * factor;
      else for (let i = start; i < end; i++) scores[i - start] = WEIGHT_OF_CODE[(codes![i >>> 1]! >>> ((i & 1) << 2)) & 15]! * factor;
      return { docs: this.docs ? this.docs.subarray(start, end) : this.list(term).slice(), scores };
    }
    const generation = workSpace(this.size);
    const { stamp, value, collected } = work;
    const { weights, codes } = this;
    let n = 0;
    for (const { term, factor } of expansions) {
      const docs = this.docs ?? this.list(term);
      const from = this.docs ? 0 : this.offsets[term]!;
      for (let i = this.offsets[term]!, end = this.offsets[term + 1]!; i < end; i++) {
        const doc = docs[i - from]!;
        const score = (weights ? weights[i]! : WEIGHT_OF_CODE[(codes![i >>> 1]! >>> ((i & 1) << 2)) & 15]!) * factor;
        if (stamp[doc] !== generation) {
          stamp[doc] = generation;
          value[doc] = score;
          collected[n++] = doc;
        } else if (score > value[doc]!) value[doc] = score;
      }
    }
    return this.gather(n);
  }

  /** The union of scored lists, each doc scored by its best list. */
  private unionScored(lists: readonly Scored[]): Scored {
    if (lists.length === 0) return { docs: new Int32Array(0), scores: new Float64Array(0) };
    if (lists.length === 1) return lists[0]!;
    const generation = workSpace(this.size);
    const { stamp, value, collected } = work;
    let n = 0;
    for (const list of lists) {
      for (let i = 0; i < list.docs.length; i++) {
        const doc = list.docs[i]!;
        const score = list.scores[i]!;
        if (stamp[doc] !== generation) {
          stamp[doc] = generation;
          value[doc] = score;
          collected[n++] = doc;
        } else if (score > value[doc]!) value[doc] = score;
      }
    }
    return this.gather(n);
  }

  /**
   * The first `n` collected docs, sorted, with their scores, at their exact size, so a union over a
   * large catalogue leaves no growing array behind. A union of a broad word's forms collects a good
   * part of the index: its docs are then read off the stamps in one ascending scan, not sorted.
   */
  private gather(n: number): Scored {
    const { stamp, value, collected, generation } = work;
    if (n * GATHER_BY_SCAN > this.size) {
      const docs = new Int32Array(n);
      const scores = new Float64Array(n);
      for (let doc = 0, k = 0; k < n; doc++) {
        if (stamp[doc] !== generation) continue;
        docs[k] = doc;
        scores[k++] = value[doc]!;
      }
      return { docs, scores };
    }
    const docs = collected.subarray(0, n).sort().slice();
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) scores[i] = value[docs[i]!]!;
    return { docs, scores };
  }

  /** Posting i's field weight. */
  private weightAt(i: number): number {
    return this.weights ? this.weights[i]! : WEIGHT_OF_CODE[(this.codes![i >>> 1]! >>> ((i & 1) << 2)) & 15]!;
  }

  /** The weights a posting a byte, as stored. */
  private plainWeights(): Uint8Array {
    if (this.weights) return this.weights;
    const count = this.offsets[this.offsets.length - 1] ?? 0;
    return Uint8Array.from({ length: count }, (_, i) => this.weightAt(i));
  }

  /** A packed term's list, decoded into the shared buffer (read it before the next decode). */
  private list(term: number): Int32Array {
    const { bytes, starts } = this.packed!;
    const count = this.offsets[term + 1]! - this.offsets[term]!;
    if (decoded.length < count) decoded = new Int32Array(Math.max(count, decoded.length * 2));
    let at = starts[term]!;
    let last = 0;
    for (let i = 0; i < count; i++) {
      let gap = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = bytes[at++]!;
        gap |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80);
      decoded[i] = last += gap;
    }
    return decoded.subarray(0, count);
  }
}

/** The field weights (`FIELD_WEIGHTS`) by their 4-bit code, and each weight's code (0 for none of them). */
const WEIGHT_OF_CODE = Uint8Array.from([0, ...new Set(Object.values(FIELD_WEIGHTS))]);
const CODE_OF_WEIGHT = new Map([...WEIGHT_OF_CODE].map((weight, code) => [weight, code] as const).filter(([, code]) => code > 0));

/** Weights as 4-bit codes, two a byte (posting i in the low half of byte i / 2 when even); undefined when one is no field weight. */
function weightCodes(weights: Uint8Array): Uint8Array | undefined {
  const codes = new Uint8Array((weights.length + 1) >>> 1);
  for (let i = 0; i < weights.length; i++) {
    const code = CODE_OF_WEIGHT.get(weights[i]!);
    if (code === undefined) return undefined;
    codes[i >>> 1]! |= code << ((i & 1) << 2);
  }
  return codes;
}

/** Heap bytes a dictionary term costs besides its characters: the string's header and its entry in the map of term ids (an estimate). */
const TERM_OVERHEAD_BYTES = 48;

/** Where each term's list starts in packed postings (`packAscending`), checking that they hold every list whole. */
function packedStarts(bytes: Uint8Array, offsets: Uint32Array): Uint32Array {
  const terms = Math.max(0, offsets.length - 1);
  const starts = new Uint32Array(terms);
  let at = 0;
  for (let t = 0; t < terms; t++) {
    starts[t] = at;
    for (let i = offsets[t]!; i < offsets[t + 1]!; i++) {
      do {
        if (at >= bytes.length) throw new RangeError('truncated postings');
      } while (bytes[at++]! & 0x80);
    }
  }
  return starts;
}

/**
 * Each term once, at its first (best) factor: expansions come exact, inflected, by prefix, then by
 * typo, each weaker than the one before, so a word found again (a prefix's completion that is also
 * a typo of it: "villag", "village") would only be walked again to lose. A union of one term is
 * then its postings as they are.
 */
function distinctTerms(found: Expansion[]): Expansion[] {
  if (found.length < 2) return found;
  const seen = new Set<number>();
  return found.filter((e) => !seen.has(e.term) && seen.add(e.term));
}

/**
 * A union that collects more than 1/GATHER_BY_SCAN of the index's documents reads them off the
 * stamps in order (a scan of the index) rather than sorting them (n log n, about 16 steps each).
 */
const GATHER_BY_SCAN = 16;

/** A lexicon term reached through a typo counts as a typo of the word: exact × typo factor. */
function sourceFactor(alternative: Alternative): number {
  const factor = SOURCE_FACTOR[alternative.source];
  return alternative.kind === 'TYPO' ? (factor * MATCH_FACTOR.TYPO1) / MATCH_FACTOR.EXACT / SOURCE_FACTOR.VARIANT : factor;
}

const KIND_ORDER: Record<MatchKind, number> = { EXACT: 0, VARIANT: 1, PREFIX: 2, TYPO: 3, LEXICON: 4 };

/**
 * The query's own words that may match partly (by prefix, from three letters) or with typos (from
 * five): Latin or Thai words that no index knows, not even inflected, and that the lexicon did not
 * recognise. Whatever says which words it knows will do: a shard of a partitioned catalogue passes
 * the whole catalogue's statistics (scatter-gather.ts), so its words are decided as one index decides them.
 */
export function typoWords(plan: SearchPlan, indexes: ReadonlyArray<Pick<SearchIndex, 'knows'>>): TypoWords {
  const partial = new Set<string>();
  const typos = new Set<string>();
  for (const clause of plan.clauses) {
    // A word the lexicon recognised is a word, whatever the catalogue holds: no stretching it.
    if (!clause.prefix || clause.recognised) continue;
    for (const token of clause.alternatives[0]!.tokens) {
      const length = [...token].length;
      if (isUnspaced(token) || length < 3 || indexes.some((index) => index.knows(token))) continue;
      partial.add(token);
      if (allowedEdits(length) > 0) typos.add(token);
    }
  }
  return { partial, typos };
}

/** `values` at the first `n` of `places`, in their order. */
function pick(values: Int32Array, places: Int32Array, n: number): Int32Array {
  const picked = new Int32Array(n);
  for (let i = 0; i < n; i++) picked[i] = values[places[i]!]!;
  return picked;
}

/** Docs in both lists, their scores summed. */
function intersect(a: Scored, b: Scored): Scored {
  const size = Math.min(a.docs.length, b.docs.length);
  const docs = new Int32Array(size);
  const scores = new Float64Array(size);
  let n = 0;
  for (let i = 0, j = 0; i < a.docs.length && j < b.docs.length; ) {
    const x = a.docs[i]!;
    const y = b.docs[j]!;
    if (x === y) {
      docs[n] = x;
      scores[n++] = a.scores[i++]! + b.scores[j++]!;
    } else if (x < y) i++;
    else j++;
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
}

function bucketByLength(terms: readonly string[]): Map<number, Int32Array> {
  const lists = new Map<number, number[]>();
  terms.forEach((term, id) => {
    if (isUnspaced(term) || term.startsWith('\u0001') || term.includes(' ')) return;
    const length = [...term].length;
    if (length < 3) return;
    let list = lists.get(length);
    if (!list) lists.set(length, (list = []));
    list.push(id);
  });
  return new Map([...lists].map(([length, ids]) => [length, Int32Array.from(ids)]));
}

/** The first position in `sorted` whose value is not below `value` (binary search). */
export function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
