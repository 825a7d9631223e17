import { foldKey } from './fold';

/**
 * Kanji written two ways for one word in product names: the form on the right is what search
 * keys use. 乾/干 (dried: 乾しいたけ, 干し椎茸), and the old (kyūjitai) forms of kanji common on
 * labels (醬油, 麥, 燒酎).
 */
export const KANJI_VARIANTS: Readonly<Record<string, string>> = {
  乾: '干',
  醬: '醤',
  麥: '麦',
  燒: '焼',
  藝: '芸',
  鹽: '塩',
  國: '国',
  縣: '県',
  釀: '醸',
  粹: '粋',
  圓: '円',
  澤: '沢',
  龜: '亀',
  櫻: '桜',
};
const VARIANT_CHARS = new RegExp(`[${Object.keys(KANJI_VARIANTS).join('')}]`, 'gu');

/**
 * The key text is searched by: `foldKey` (case, accents, width, katakana as hiragana), then kanji
 * variants read as one. Only for comparing; display text is never folded.
 */
export function searchKey(text: string): string {
  return foldKey(text).replace(VARIANT_CHARS, (ch) => KANJI_VARIANTS[ch] ?? ch);
}
