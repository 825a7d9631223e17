import { LEXICON } from '../../../schemas/lexicon/lexicon';
import { CATEGORIES } from '../../../schemas/taxonomy/categories';
import { allowedEdits, boundedDistance, codePoints } from './edit-distance';
import { biwords, queryTokens, type QueryToken } from './tokenize';

/** How a product's word matched a word of the query, weakest last. */
export type MatchKind = 'EXACT' | 'VARIANT' | 'PREFIX' | 'TYPO' | 'LEXICON';

/**
 * One way to satisfy a clause: every token of it must match. DIRECT is the query's own words
 * (which may also match by prefix, inflection or typo); VARIANT a spelling or script variant of
 * them in the same language; LEXICON the same thing named in another language.
 */
export interface Alternative {
  tokens: readonly string[];
  source: 'DIRECT' | 'VARIANT' | 'LEXICON';
  /** The lexicon term (display form) for VARIANT and LEXICON; the query words for DIRECT. */
  term: string;
  concept?: string;
  /** What to call the match when not its source (a lexicon term reached through a typo: TYPO). */
  kind?: MatchKind;
}

/** One part of the query that every result must match, in one of its alternatives. */
export interface Clause {
  /** The query's words this clause stands for, as the visitor typed them (search key). */
  text: string;
  alternatives: readonly Alternative[];
  /** True when the direct words may also match words they start (off inside a lexicon phrase). */
  prefix: boolean;
  /** True when the lexicon knows the words as typed (not only through a typo). */
  recognised: boolean;
}

/** A query, cut into clauses (every one must match), ready for any snapshot's index to run. */
export interface SearchPlan {
  clauses: readonly Clause[];
}

interface LexiconEntry {
  concept: string;
  lang: string;
}
interface CompiledTerm {
  term: string;
  /** What a product must hold: the term's words, or its adjacent pairs for a phrase. */
  tokens: readonly string[];
  lang: string;
  /** The term's words, joined: what a query spells it as. */
  key: string;
}

/** The tokens a product must hold for a phrase: its adjacent word pairs when it has several words. */
function phrase(tokens: readonly QueryToken[]): string[] {
  const pairs = tokens.length > 1 ? biwords(tokens) : [];
  return pairs.length === tokens.length - 1 && pairs.length > 0 ? pairs : tokens.map((t) => t.token);
}

/** The lexicon and the category vocabulary, keyed by their token sequences. */
class CompiledLexicon {
  readonly byKey = new Map<string, LexiconEntry[]>();
  readonly concepts = new Map<string, CompiledTerm[]>();
  /** Every adjacent word pair of a lexicon phrase: the only pairs an index needs to hold. */
  readonly pairs = new Set<string>();
  longest = 1;

  /** Single-word terms by length in code points, for typo look-ups. */
  private byLength?: Map<number, Array<{ key: string; points: number[] }>>;

  /**
   * The entries of the one-word term within the allowed edits of a Latin word of five letters or
   * more that is no term itself ("pottary" is pottery); undefined when none or several concepts.
   */
  near(word: string): LexiconEntry[] | undefined {
    const points = codePoints(word);
    const max = allowedEdits(points.length);
    if (max === 0 || !/^[a-z]+$/.test(word)) return undefined;
    if (!this.byLength) {
      this.byLength = new Map();
      for (const key of this.byKey.keys()) {
        if (key.includes('\u0000') || !/^[a-z]+$/.test(key)) continue;
        const p = codePoints(key);
        this.byLength.set(p.length, [...(this.byLength.get(p.length) ?? []), { key, points: p }]);
      }
    }
    let found: LexiconEntry[] | undefined;
    for (let length = points.length - max; length <= points.length + max; length++) {
      for (const candidate of this.byLength.get(length) ?? []) {
        if (boundedDistance(points, candidate.points, max) > max) continue;
        const entries = this.byKey.get(candidate.key)!;
        if (found && found[0]!.concept !== entries[0]!.concept) return undefined;
        found = entries;
      }
    }
    return found;
  }

  add(concept: string, lang: string, term: string): void {
    const parsed = queryTokens(term);
    const tokens = parsed.map((t) => t.token);
    if (tokens.length === 0) return;
    const key = tokens.join('\u0000');
    const entries = this.byKey.get(key) ?? [];
    if (!entries.some((e) => e.concept === concept && e.lang === lang)) entries.push({ concept, lang });
    this.byKey.set(key, entries);
    const terms = this.concepts.get(concept) ?? [];
    if (!terms.some((t) => t.key === key && t.lang === lang)) terms.push({ term, tokens: phrase(parsed), lang, key });
    for (const pair of biwords(parsed)) this.pairs.add(pair);
    this.concepts.set(concept, terms);
    this.longest = Math.max(this.longest, tokens.length);
  }
}

let compiled: CompiledLexicon | undefined;

/** The lexicon compiled once per isolate, on first search. */
function lexicon(): CompiledLexicon {
  if (compiled) return compiled;
  const built = new CompiledLexicon();
  for (const concept of LEXICON) {
    for (const [lang, terms] of Object.entries(concept.terms)) for (const term of terms ?? []) built.add(concept.id, lang, term);
  }
  // A category's labels and synonyms, in any language, match the products of that category
  // (through the category token every product is indexed with), unless the word is already a
  // product term of the lexicon ("kopi" is coffee, not every beverage).
  for (const category of CATEGORIES) {
    const id = `category:${category.code}`;
    const words = [...Object.values(category.labels), ...category.synonyms];
    for (const word of words) {
      const key = queryTokens(word)
        .map((t) => t.token)
        .join('\u0000');
      if (!key || built.byKey.get(key)?.some((e) => !e.concept.startsWith('category:'))) continue;
      built.add(id, 'category', word);
    }
    built.concepts.set(id, [{ term: category.labels.en ?? category.code, tokens: [categoryToken(category.code)], lang: 'category', key: '' }]);
  }
  return (compiled = built);
}

/**
 * The word pairs of the lexicon's phrases ("fish sauce", "ca phe"), which indexes hold beside
 * single words. An index built with one lexicon serves plans of the same lexicon.
 */
export function lexiconPairs(): ReadonlySet<string> {
  return lexicon().pairs;
}

/** The token every product is indexed with for its category: no text tokenizes to it. */
export function categoryToken(code: string): string {
  return `\u0001c:${code}`;
}

/**
 * Other inflections of a Latin word the index may hold: English plurals and singulars
 * (potteries / pottery, crackers / cracker, dishes / dish). Only for words of 4+ letters.
 */
export function inflections(word: string): string[] {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return [];
  const forms = new Set<string>();
  if (word.endsWith('ies')) forms.add(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.add(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) forms.add(word.slice(0, -1));
  if (!word.endsWith('s')) {
    forms.add(`${word}s`);
    if (/(s|x|z|ch|sh)$/.test(word)) forms.add(`${word}es`);
    if (/[^aeiou]y$/.test(word)) forms.add(`${word.slice(0, -1)}ies`);
  }
  forms.delete(word);
  return [...forms];
}

/**
 * Cuts a query into clauses. Runs of query tokens that spell a lexicon term (the longest first)
 * become one clause whose alternatives are the query's own words, the term's variants in the
 * same language, and its translations; the Han/kana bigrams that straddle such a run are
 * dropped (they belong to neither word). Every other token is a clause of its own.
 */
export function planQuery(text: string): SearchPlan | undefined {
  const tokens = dedupe(queryTokens(text));
  if (tokens.length === 0) return undefined;
  const lex = lexicon();
  const clauses: Clause[] = [];
  const straddling = new Set<number>();
  const matches: Array<{ start: number; end: number; entries: LexiconEntry[]; typo?: boolean }> = [];
  for (let i = 0; i < tokens.length; ) {
    const match = longestMatch(tokens, i, lex);
    if (!match) {
      i++;
      continue;
    }
    matches.push(match);
    i = match.end + (tokens[match.start]!.run >= 0 && tokens[match.end]?.run === tokens[match.end - 1]!.run ? 1 : 0);
  }
  // In a Han/kana run, lexicon words are used only when what they leave of the run is empty or
  // two characters or more (a lone character mid-run cannot be searched: 関さば stays whole).
  const runs = new Map<number, Array<{ from: number; to: number }>>();
  for (const match of matches) {
    const first = tokens[match.start]!;
    if (first.run < 0) continue;
    runs.set(first.run, [...(runs.get(first.run) ?? []), { from: first.pos, to: tokens[match.end - 1]!.pos + 1 }]);
  }
  const lengths = new Map<number, number>();
  for (const t of tokens) if (t.run >= 0) lengths.set(t.run, Math.max(lengths.get(t.run) ?? 0, t.pos + 2));
  const unusable = new Set<number>();
  for (const [run, covered] of runs) {
    let at = 0;
    for (const { from, to } of [...covered, { from: lengths.get(run)!, to: lengths.get(run)! }]) {
      if (from - at === 1) unusable.add(run);
      at = to + 1;
    }
  }
  const kept = matches.filter((match) => !unusable.has(tokens[match.start]!.run));
  matches.length = 0;
  matches.push(...kept);
  for (const match of matches) {
    const first = tokens[match.start]!;
    const last = tokens[match.end - 1]!;
    if (first.run < 0) continue;
    const before = tokens[match.start - 1];
    if (before && before.run === first.run && before.pos === first.pos - 1) straddling.add(match.start - 1);
    const after = tokens[match.end];
    if (after && after.run === last.run && after.pos === last.pos + 1) straddling.add(match.end);
  }
  let m = 0;
  for (let i = 0; i < tokens.length; ) {
    const match = matches[m];
    if (match && match.start === i) {
      clauses.push(lexiconClause(tokens.slice(match.start, match.end), match.entries, lex, match.typo));
      i = match.end;
      m++;
      continue;
    }
    if (!straddling.has(i)) {
      const token = tokens[i]!.token;
      clauses.push({ text: token, prefix: true, recognised: false, alternatives: [{ tokens: [token], source: 'DIRECT', term: token }] });
    }
    i++;
  }
  return clauses.length ? { clauses } : undefined;
}

function dedupe(tokens: QueryToken[]): QueryToken[] {
  const seen = new Set<string>();
  return tokens.filter((t) => (seen.has(t.token) ? false : (seen.add(t.token), true)));
}

function longestMatch(tokens: readonly QueryToken[], start: number, lex: CompiledLexicon) {
  for (let k = Math.min(lex.longest, tokens.length - start); k >= 1; k--) {
    const window = tokens.slice(start, start + k);
    // A window is one Latin/Thai phrase or one Han/kana run, never both.
    if (window.some((t) => t.run >= 0 !== window[0]!.run >= 0 || (t.run >= 0 && t.run !== window[0]!.run))) continue;
    const words = window.map((t) => t.token);
    const entries = lex.byKey.get(words.join('\u0000'));
    if (entries) return { start, end: start + k, entries };
    if (k === 1) {
      for (const form of inflections(words[0]!)) {
        const inflected = lex.byKey.get(form);
        if (inflected) return { start, end: start + 1, entries: inflected };
      }
      const near = window[0]!.run < 0 ? lex.near(words[0]!) : undefined;
      if (near) return { start, end: start + 1, entries: near, typo: true };
    }
  }
  return undefined;
}

function lexiconClause(window: readonly QueryToken[], entries: readonly LexiconEntry[], lex: CompiledLexicon, typo = false): Clause {
  const words = window.map((t) => t.token);
  const text = window[0]!.run >= 0 ? joinBigrams(words) : words.join(' ');
  const alternatives: Alternative[] = [{ tokens: phrase(window), source: 'DIRECT', term: text }];
  const seen = new Set([words.join('\u0000')]);
  const typed = codePoints(words[0]!);
  for (const { concept } of entries) {
    const sameLanguage = new Set(entries.filter((e) => e.concept === concept).map((e) => e.lang));
    for (const term of lex.concepts.get(concept) ?? []) {
      const key = term.key || term.tokens.join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      const source = sameLanguage.has(term.lang) && !concept.startsWith('category:') ? 'VARIANT' : 'LEXICON';
      // A typed word a few edits from the term: say TYPO, and rank it as a variant of the word.
      const corrected = typo && boundedDistance(typed, codePoints(term.key), allowedEdits(typed.length)) <= allowedEdits(typed.length);
      alternatives.push({
        tokens: term.tokens,
        source: corrected ? 'VARIANT' : source,
        term: term.term,
        concept,
        ...(corrected ? { kind: 'TYPO' as const } : {}),
      });
    }
  }
  // Variants before translations: a doc takes the best alternative it matches.
  alternatives.sort((a, b) => rank(a.source) - rank(b.source));
  return { text, prefix: window.length === 1 && window[0]!.run < 0, recognised: !typo, alternatives };
}

function rank(source: Alternative['source']): number {
  return source === 'DIRECT' ? 0 : source === 'VARIANT' ? 1 : 2;
}

/** The text of a run of overlapping bigrams (ab, bc, cd → abcd). */
function joinBigrams(bigrams: readonly string[]): string {
  return bigrams.map((b, i) => (i === 0 ? b : [...b].slice(1).join(''))).join('');
}
