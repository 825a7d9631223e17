import { searchKey } from '../../../schemas/text/search-key';

/** Han and kana, written without spaces between words: searched by character bigrams. */
const BIGRAM_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
/** Thai, Lao and Khmer: written without spaces, cut into words by `Intl.Segmenter`. */
const SEGMENTED_SCRIPT = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]/u;
const UNSPACED_ANY = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]/u;
/** One segmenter per isolate: Intl.Segmenter is in Node (full ICU) and in Workers alike. */
const THAI_WORDS = new Intl.Segmenter('th', { granularity: 'word' });

/**
 * One search token of a query, with where it came from: `run` numbers a run of Han/kana text
 * (bigrams of one run overlap, so a lexicon match can drop the bigrams that straddle it) and
 * `pos` is the bigram's place in its run; words of spaced scripts and Thai words have run -1.
 */
export interface QueryToken {
  token: string;
  run: number;
  pos: number;
}

/**
 * Search tokens of a text: its search key split into words, Thai (Lao, Khmer) cut into words with
 * `Intl.Segmenter`, and runs of Han and kana cut into overlapping character bigrams. Indexed text
 * also gets each Han/kana run's last character, so that a one-character query finds it.
 */
export function tokenize(text: string, mode: 'index' | 'query' = 'index'): string[] {
  const tokens: string[] = [];
  scan(text, mode, (token) => tokens.push(token));
  return tokens;
}

/** `tokenize`, with each token's run and position (see QueryToken). */
export function queryTokens(text: string, mode: 'index' | 'query' = 'query'): QueryToken[] {
  const tokens: QueryToken[] = [];
  scan(text, mode, (token, run, pos) => tokens.push({ token, run, pos }));
  return tokens;
}

/**
 * The tokens an index holds for a text: its `tokenize` tokens and those adjacent pairs of its words
 * (see `biwords`) that `pairs` holds (the lexicon's phrases: no other pair is ever searched),
 * without building token objects (an index tokenizes every field of every product).
 */
export function indexTokens(text: string, pairs: ReadonlySet<string>, emit: (token: string) => void): void {
  let previous: string | undefined;
  scan(text, 'index', (token, _run, _pos, word) => {
    emit(token);
    if (word && previous !== undefined) {
      const pair = `${previous} ${token}`;
      if (pairs.has(pair)) emit(pair);
    }
    previous = word ? token : undefined;
  });
}

type Emit = (token: string, run: number, pos: number, word: boolean) => void;

function scan(text: string, mode: 'index' | 'query', emit: Emit): void {
  let runs = 0;
  for (const word of searchKey(text).split(' ')) {
    if (!word) continue;
    if (!UNSPACED_ANY.test(word)) {
      emit(word, -1, 0, true);
      continue;
    }
    // Split the word into pieces of one kind: bigram script, segmented script, or anything else.
    let piece = '';
    let kind = -1;
    const flush = () => {
      if (!piece) return;
      if (kind === 0) pushBigrams(piece, emit, mode, runs++);
      else if (kind === 1) pushSegmented(piece, emit);
      else emit(piece, -1, 0, true);
      piece = '';
    };
    for (const ch of word) {
      const k = BIGRAM_SCRIPT.test(ch) ? 0 : SEGMENTED_SCRIPT.test(ch) || (kind === 1 && /\p{M}/u.test(ch)) ? 1 : 2;
      if (k !== kind) flush();
      kind = k;
      piece += ch;
    }
    flush();
  }
}

/**
 * Adjacent pairs of words of spaced scripts ("ca phe", "so co la" → "so co", "co la"), indexed
 * beside the words so that a phrase of the lexicon matches its words side by side, not scattered
 * ("ca" and "phe" apart in a star anise's description).
 */
export function biwords(tokens: readonly QueryToken[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const a = tokens[i]!;
    const b = tokens[i + 1]!;
    if (a.run < 0 && b.run < 0 && !SEGMENTED_SCRIPT.test(a.token) && !SEGMENTED_SCRIPT.test(b.token)) pairs.push(`${a.token} ${b.token}`);
  }
  return pairs;
}

/** True when a token is a Han/kana bigram or single character. */
export function isUnspaced(token: string): boolean {
  return BIGRAM_SCRIPT.test(token);
}

function pushBigrams(run: string, emit: Emit, mode: 'index' | 'query', id: number): void {
  const chars = [...run];
  for (let i = 0; i + 1 < chars.length; i++) emit(chars[i]! + chars[i + 1]!, id, i, false);
  if (mode === 'index' || chars.length === 1) emit(chars[chars.length - 1]!, id, chars.length - 1, false);
}

function pushSegmented(text: string, emit: Emit): void {
  for (const { segment, isWordLike } of THAI_WORDS.segment(text)) {
    if (isWordLike) emit(segment, -1, 0, false);
  }
}
