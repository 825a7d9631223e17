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

/**
 * Net content as written on a label (`300g`, `1.8L`, `250 gram`, `1 lembar`, `5枚`) as a quantity
 * with a UN/ECE unit code; undefined when the text is not a number and a known unit.
 */
export function parseQuantity(text: string, unit?: string): { value: string; unit: string } | undefined {
  const m = /^(\d+(?:[.,]\d+)?)\s*(.*)$/.exec(text.normalize('NFKC').trim());
  if (!m) return undefined;
  const code = UNITS[foldKey(unit ?? m[2]!)];
  if (!code || (unit && m[2])) return undefined;
  const value = m[1]!
    .replace(',', '.')
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
  return Number(value) > 0 ? { value, unit: code } : undefined;
}
