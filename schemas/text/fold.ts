/** Combining diacritics of Latin, Greek and Cyrillic; kana voicing marks and Thai vowels are kept. */
const LATIN_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/**
 * Search and matching key: NFKC (folds full-width ASCII and half-width katakana), case folding,
 * Latin diacritics removed, đ → d (look-alike eths too), katakana read as hiragana, punctuation
 * as spaces. Keys are for comparing only; display text is never folded.
 */
export function foldKey(text: string): string {
  return text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(LATIN_MARKS, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[đðɖ]/g, 'd')
    .replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(/[\s\p{P}\p{S}]+/gu, ' ')
    .trim();
}

/**
 * Text as it is stored: NFC, trimmed, with the look-alike letters typed for Vietnamese Đ/đ mapped
 * to it (U+00D0 Ð and U+0189 Ɖ for U+0110 Đ; U+0256 ɖ for U+0111 đ). Never NFKC.
 */
export function storedText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u00d0\u0189]/g, '\u0110')
    .replace(/\u0256/g, '\u0111')
    .trim();
}
