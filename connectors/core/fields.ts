import { storedText } from '../../schemas/text/fold';
import { matchAllergen } from '../../schemas/taxonomy/allergens';
import { matchCategory } from '../../schemas/taxonomy/categories';
import { RecordError } from './errors';
import { parsePrice } from './price-parse';
import { MAX_QUANTITY_CHARS, parseQuantity } from './quantity-parse';

/** Longest whole number read, in UTF-16 units (a rating, a shelf life in days). */
export const MAX_INTEGER_CHARS = 32;

/** A value as an issue quotes it: strings and numbers as JSON, clipped; anything else by its kind, never walked. */
export function preview(value: unknown, max = 80): string {
  if (typeof value === 'string') return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
}

/** Helpers that map national field values onto canonical ones; each throws a RecordError with the path. */

/** Text as stored (NFC, look-alikes mapped), or undefined when absent or blank. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const t = storedText(String(value));
  return t === '' ? undefined : t;
}

/** A language map from language → value, leaving out the languages with no text. */
export function languageMap(values: Record<string, unknown>): Record<string, string> | undefined {
  // A loop, not entries, flatMap and fromEntries: each record maps its names and stories through it.
  let map: Record<string, string> | undefined;
  for (const lang of Object.keys(values)) {
    const t = text(values[lang]);
    if (t) ownProperty((map ??= {}), lang, t);
  }
  return map;
}

/** Sets `key` as an own data property, as fromEntries would, even `__proto__` (which assignment takes as the prototype). */
export function ownProperty(into: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  else into[key] = value;
}

/** Exact money from a local price string; an unreadable price quarantines the record. */
export function money(value: unknown, currency: string, path = 'price') {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new RecordError(path, 'not a price');
  const parsed = parsePrice(value, currency);
  if (!parsed.ok) throw new RecordError(path, `unreadable price: ${parsed.reason}`);
  return parsed.money;
}

/** The shared category code for a national category word; an unknown word quarantines the record. */
export function category(value: unknown, path = 'category') {
  const word = text(value);
  if (!word) return undefined;
  const code = matchCategory(word);
  if (!code) throw new RecordError(path, `no shared category matches "${word}"`);
  return code;
}

/** Allergen codes for a list of words in any language; an unknown word quarantines the record. */
export function allergens(words: Iterable<unknown>, path = 'allergens'): string[] {
  const codes = new Set<string>();
  for (const w of words) {
    const word = text(w);
    if (!word) continue;
    const code = matchAllergen(word);
    if (!code) throw new RecordError(path, `unknown allergen "${word}"`);
    codes.add(code);
  }
  return [...codes];
}

/** A quantity with its UN/ECE unit; an unreadable one quarantines the record. */
export function quantity(value: unknown, unit?: string, path = 'netContent') {
  if (typeof value === 'string' && value.length > MAX_QUANTITY_CHARS) {
    throw new RecordError(path, `unreadable quantity: ${value.length} characters, more than ${MAX_QUANTITY_CHARS}`);
  }
  const t = text(value);
  if (!t) return undefined;
  const q = parseQuantity(t, unit);
  if (!q) throw new RecordError(path, `unreadable quantity "${t}${unit ? ` ${unit}` : ''}"`);
  return q;
}

/** An integer from a number or a numeric string; anything else quarantines the record. */
export function integer(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const long = typeof value === 'string' && value.length > MAX_INTEGER_CHARS;
  const n = typeof value === 'number' ? value : long || typeof value === 'object' ? Number.NaN : Number(String(value).normalize('NFKC').trim());
  if (!Number.isInteger(n)) throw new RecordError(path, `not a whole number: ${preview(value)}`);
  return n;
}

/** An HS code with its dots and spaces removed (`2009.39` → `200939`). */
export function hsCode(value: unknown): string | undefined {
  return text(value)?.replace(/[.\s]/g, '');
}

/** A list from an array, a single value or a separated string, without blanks. */
export function list(value: unknown, separator: RegExp | string = /[|,;]/): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : String(value).split(separator);
  return items.map(text).filter((v): v is string => v !== undefined);
}

/** A mapped object with the undefined values left out, so optional canonical fields stay absent. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  // A loop rather than entries, filter and fromEntries: every record maps through it several times,
  // and those arrays were a tenth of what a harvest allocated per product (issue 30).
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v !== undefined) ownProperty(kept, key, v);
  }
  return kept as T;
}
