import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * JSON made safe to sit inside `<script>`: `<`, `>` and `&` become \u escapes (so no `</script>`,
 * `<!--` or `<script` can end or re-open the element), and U+2028/U+2029 are escaped too. The
 * result is still the same JSON value for any JSON parser.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The trusted markup of a JSON-LD data block (the only raw() of a value built from data). */
export function jsonLdScript(value: unknown): HtmlEscapedString {
  return raw(`<script type="application/ld+json">${scriptSafeJson(value)}</script>`) as HtmlEscapedString;
}
