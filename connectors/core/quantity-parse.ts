import { foldKey } from '../../schemas/text/fold';

const UNITS: Record<string, 'GRM' | 'KGM' | 'MLT' | 'LTR' | 'MTR' | 'H87'> = {
  g: 'GRM',
  gr: 'GRM',
  gram: 'GRM',
  grams: 'GRM',
  gam: 'GRM',
  グラム: 'GRM',
  kg: 'KGM',
  kilo: 'KGM',
  kilogram: 'KGM',
  キロ: 'KGM',
  ml: 'MLT',
  ミリリットル: 'MLT',
  l: 'LTR',
  liter: 'LTR',
  litre: 'LTR',
  lit: 'LTR',
  リットル: 'LTR',
  m: 'MTR',
  metre: 'MTR',
  meter: 'MTR',
  met: 'MTR',
  メートル: 'MTR',
  pc: 'H87',
  pcs: 'H87',
  piece: 'H87',
  pieces: 'H87',
  set: 'H87',
  buah: 'H87',
  lembar: 'H87',
  biji: 'H87',
  helai: 'H87',
  unit: 'H87',
  cai: 'H87',
  hop: 'H87',
  chiec: 'H87',
  こ: 'H87',
  個: 'H87',
  枚: 'H87',
  本: 'H87',
  袋: 'H87',
  箱: 'H87',
  組: 'H87',
  点: 'H87',
  尾: 'H87',
  足: 'H87',
  膳: 'H87',
  人前: 'H87',
  名: 'H87',
  枚入: 'H87',
};

/** Longest net content read, in UTF-16 units: `1.8 L`, `250 gram`, `5枚入` are all far shorter. */
export const MAX_QUANTITY_CHARS = 64;

/**
 * Net content as written on a label (`300g`, `1.8L`, `250 gram`, `1 lembar`, `5枚`) as a quantity
 * with a UN/ECE unit code; undefined when the text is not a number and a known unit, or is longer
 * than MAX_QUANTITY_CHARS. One pass over the text: no pattern that could backtrack.
 */
export function parseQuantity(text: string, unit?: string): { value: string; unit: string } | undefined {
  return text.length > MAX_QUANTITY_CHARS ? undefined : readQuantity(text, unit);
}

/**
 * What `parseQuantity` does past its length cap, for a text of any length, in time linear in it
 * (connectors/core/parse-work.test.ts counts it); callers use `parseQuantity`.
 */
export function readQuantity(text: string, unit?: string): { value: string; unit: string } | undefined {
  const label = text.normalize('NFKC').trim();
  const read = readNumber(label);
  if (!read) return undefined;
  const rest = label.slice(read.end).trimStart();
  const key = foldKey(unit ?? rest);
  const code = Object.hasOwn(UNITS, key) ? UNITS[key] : undefined;
  if (!code || (unit && rest)) return undefined;
  return Number(read.value) > 0 ? { value: read.value, unit: code } : undefined;
}

/**
 * The number a label starts with (digits, then `.` or `,` and more digits), written with a `.` and
 * without trailing zeros after it (`1.50` → `1.5`, `2.0` → `2`), and where it ends.
 */
function readNumber(label: string): { value: string; end: number } | undefined {
  let i = 0;
  while (i < label.length && isDigit(label.charCodeAt(i))) i++;
  if (i === 0) return undefined;
  const integer = label.slice(0, i);
  const sep = label[i];
  if ((sep !== '.' && sep !== ',') || !isDigit(label.charCodeAt(i + 1))) return { value: integer, end: i };
  const from = i + 1;
  let end = from;
  while (end < label.length && isDigit(label.charCodeAt(end))) end++;
  let last = end;
  while (last > from && label.charCodeAt(last - 1) === 48) last--;
  return { value: last > from ? `${integer}.${label.slice(from, last)}` : integer, end };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
