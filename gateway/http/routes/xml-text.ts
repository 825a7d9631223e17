/** Characters XML 1.0 does not allow (C0 controls but tab, newline and return; lone surrogates; U+FFFE, U+FFFF). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the control characters XML forbids, matched to be left out.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text made safe for XML content and attribute values: markup escaped, characters XML forbids left out. One pass each. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

let segmenter: Intl.Segmenter | undefined;

/**
 * Text cut to at most `max` user-perceived characters (grapheme clusters, so an emoji, a Thai
 * syllable with its marks or a Vietnamese letter with its accents is never split), with an
 * ellipsis when cut. Linear in the text.
 */
export function truncateText(text: string, max: number): string {
  // A string no longer than `max` UTF-16 units has no more than `max` graphemes.
  if (text.length <= max) return text;
  segmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  let cut = 0;
  let count = 0;
  for (const { index } of segmenter.segment(text)) {
    if (++count === max) cut = index;
    else if (count > max) return `${text.slice(0, cut).trimEnd()}…`;
  }
  return text;
}
