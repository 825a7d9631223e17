import { foldKey } from '../../schemas/text/fold';

/** Scripts written without spaces between words: searched by character bigrams. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\u30fc]/u;
const UNSPACED_ANY = new RegExp(UNSPACED.source, 'u');

/**
 * Search tokens of a text: its search key split into words, and runs of unspaced scripts
 * (Japanese, Chinese, Thai) cut into overlapping character bigrams. Indexed text also gets each
 * run's last character, so that a one-character query finds it.
 */
export function tokenize(text: string, mode: 'index' | 'query' = 'index'): string[] {
  const tokens: string[] = [];
  for (const word of foldKey(text).split(' ')) {
    if (!word) continue;
    if (!UNSPACED_ANY.test(word)) {
      tokens.push(word);
      continue;
    }
    let run = '';
    let latin = '';
    for (const ch of word) {
      if (UNSPACED.test(ch)) {
        if (latin) tokens.push(latin), (latin = '');
        run += ch;
      } else {
        if (run) pushBigrams(run, tokens, mode), (run = '');
        latin += ch;
      }
    }
    if (run) pushBigrams(run, tokens, mode);
    if (latin) tokens.push(latin);
  }
  return tokens;
}

/** True when a token came from an unspaced script (a bigram or a single character). */
export function isUnspaced(token: string): boolean {
  return UNSPACED.test(token);
}

function pushBigrams(run: string, tokens: string[], mode: 'index' | 'query'): void {
  const chars = [...run];
  for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
  if (mode === 'index' || chars.length === 1) tokens.push(chars[chars.length - 1]!);
}
