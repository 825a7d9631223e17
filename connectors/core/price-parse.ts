import { CURRENCIES } from '../../schemas/currencies';
import type { Money } from '../../schemas/product';

/** Currency words and symbols as local listings write them, before or after the amount. */
const MARKERS: Array<[string, string]> = [
  ['đồng', 'VND'],
  ['vnđ', 'VND'],
  ['₫', 'VND'],
  ['đ', 'VND'],
  ['円', 'JPY'],
  ['¥', 'JPY'],
  ['rp.', 'IDR'],
  ['rp', 'IDR'],
  ['rm', 'MYR'],
  ['บาท', 'THB'],
  ['฿', 'THB'],
  ['₱', 'PHP'],
  ['us$', 'USD'],
  ['€', 'EUR'],
  ['₩', 'KRW'],
  ['元', 'CNY'],
];

/** Longest price text read, in UTF-16 units: `฿1,250.00`, `150.000 ₫` or `US$ 1,234,567.89` are far shorter. */
export const MAX_PRICE_CHARS = 64;

/**
 * An ISO 4217 code (three ASCII letters) at the start of `text[start, end)` followed by a space or
 * a digit, or at its end after one: what `/^([a-z]{3})(?=[\s\d])|(?<=[\s\d])([a-z]{3})$/` found,
 * in constant time.
 */
function isoAt(text: string, start: number, end: number): { code: string; atStart: boolean } | undefined {
  const letters = (from: number) => {
    for (let i = from; i < from + 3; i++) {
      const c = text.charCodeAt(i);
      if (c < 97 || c > 122) return false;
    }
    return true;
  };
  const spaceOrDigit = (i: number) => text[i] === ' ' || (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57);
  if (end - start >= 4 && letters(start) && spaceOrDigit(start + 3)) return { code: text.slice(start, start + 3).toUpperCase(), atStart: true };
  if (end - start >= 4 && letters(end - 3) && spaceOrDigit(end - 4)) return { code: text.slice(end - 3, end).toUpperCase(), atStart: false };
  return undefined;
}

/** Decimal and group separators by currency; the rest use `.` for decimals and `,` for groups. */
const DOT_GROUPED = new Set(['VND', 'IDR', 'CLP']);

export type PriceParse = { ok: true; money: Money } | { ok: false; reason: string };

/**
 * A local price string (`150.000 ₫`, `Rp 25.000`, `RM 12.50`, `1,200円`, `฿1,250.00`, `150k`) as
 * exact money. The decimal separator follows from the currency and the shape; a string that could
 * be read two ways, or not at all, is refused with a reason, never read as a wrong number.
 */
export function parsePrice(input: string | number, defaultCurrency: string): PriceParse {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return fail(`${input} is not a price`);
    return parseAmount(String(input), defaultCurrency, false);
  }
  if (input.length > MAX_PRICE_CHARS) return fail(`a price of ${input.length} characters is longer than ${MAX_PRICE_CHARS}`);
  return readPrice(input, defaultCurrency);
}

/**
 * What `parsePrice` does past its length cap, for a text of any length, in time linear in it
 * (connectors/core/parse-work.test.ts counts it); callers use `parsePrice`.
 */
export function readPrice(input: string, defaultCurrency: string): PriceParse {
  const whole = input
    .normalize('NFKC')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim()
    .toLowerCase();
  let currency: string | undefined;
  const take = (code: string) => {
    if (currency && currency !== code) return false;
    currency = code;
    return true;
  };
  // The markers are stripped from both ends by moving two indices: each turn costs the marker's
  // length, never a pass over the whole text, so a text of n markers is read in linear time.
  let start = 0;
  let end = whole.length;
  const trim = () => {
    while (start < end && whole[start] === ' ') start++;
    while (end > start && whole[end - 1] === ' ') end--;
  };
  for (let changed = true; changed; ) {
    changed = false;
    const code = isoAt(whole, start, end);
    if (code && CURRENCIES.has(code.code)) {
      if (!take(code.code)) return fail(`"${input}" names two currencies`);
      if (code.atStart) start += 3;
      else end -= 3;
      trim();
      changed = true;
      continue;
    }
    for (const [marker, code] of MARKERS) {
      const atStart = whole.startsWith(marker, start) && start + marker.length <= end;
      if (atStart || (whole.endsWith(marker, end) && end - marker.length >= start)) {
        if (!take(code)) return fail(`"${input}" names two currencies`);
        if (atStart) start += marker.length;
        else end -= marker.length;
        trim();
        changed = true;
        break;
      }
    }
    if (!changed && start < end && whole[start] === '\\' && (defaultCurrency === 'JPY' || defaultCurrency === 'KRW')) {
      // Shift_JIS and EUC-KR put ¥ and ₩ at 0x5C, which decodes as a backslash.
      if (!take(defaultCurrency)) return fail(`"${input}" names two currencies`);
      start++;
      trim();
      changed = true;
    }
    if (!changed && start < end && (whole[start] === '$' || whole[end - 1] === '$')) {
      const fallback = CURRENCIES.get(defaultCurrency);
      if (!fallback?.symbol.includes('$')) return fail(`"${input}": "$" does not say which dollar`);
      if (!take(defaultCurrency)) return fail(`"${input}" names two currencies`);
      if (whole[start] === '$') start++;
      else end--;
      trim();
      changed = true;
    }
  }
  const text = whole.slice(start, end);
  currency ??= defaultCurrency;
  const thousands = /^(\d+(?:[.,]\d+)?)\s?k$/.exec(text);
  if (thousands) {
    if (currency !== 'VND') return fail(`"${input}": the "k" shorthand is read for VND only`);
    return scale(parseAmount(thousands[1]!.replace(',', '.'), currency, false), 3, input);
  }
  return parseAmount(text.replace(/ (?=\d{3}(\D|$))/g, ''), currency, true, input);
}

/**
 * Reads the digits. Both separators present: the last is the decimal one. One separator repeated:
 * groups. One separator once: groups when followed by three digits and it is the currency's group
 * separator (or the currency has no decimals in practice), decimals when it is the currency's
 * decimal separator; anything else is ambiguous.
 */
function parseAmount(text: string, currency: string, local: boolean, input: string | number = text): PriceParse {
  const info = CURRENCIES.get(currency);
  if (!info) return fail(`${currency} is not a known currency`);
  if (!/^\d([\d.,]*\d)?$/.test(text)) return fail(`"${input}" is not a price`);
  const [group, decimal] = local && DOT_GROUPED.has(currency) ? ['.', ','] : [',', '.'];
  const last = Math.max(text.lastIndexOf('.'), text.lastIndexOf(','));
  let integer = text;
  let fraction = '';
  if (last >= 0) {
    const sep = text[last]!;
    const head = text.slice(0, last);
    const tail = text.slice(last + 1);
    const other = sep === '.' ? ',' : '.';
    if (!local) {
      if (sep !== '.' || head.includes('.')) return fail(`"${input}" is not a number`);
      [integer, fraction] = [head, tail];
    } else if (head.includes(other)) {
      [integer, fraction] = [head, tail];
    } else if (head.includes(sep) || (tail.length === 3 && (sep === group || info.displayMinorUnits === 0))) {
      integer = text;
    } else if (sep === decimal && tail.length !== 3) {
      [integer, fraction] = [head, tail];
    } else {
      return fail(`"${input}": "${sep}" before ${tail.length} digits is ambiguous in ${currency}`);
    }
  }
  const groupSep = integer.replace(/\d/g, '');
  if (groupSep) {
    if (!/^\d{1,3}([.,]\d{3})+$/.test(integer) || new Set(groupSep).size > 1) {
      return fail(`"${input}": digits are not grouped by thousands`);
    }
    integer = integer.replace(/[.,]/g, '');
  }
  fraction = withoutTrailingZeros(fraction);
  if (fraction.length > info.minorUnits) {
    return fail(`"${input}": ${currency} has ${info.minorUnits} decimal places, not ${fraction.length}`);
  }
  integer = integer.replace(/^0+(?=\d)/, '');
  return { ok: true, money: { amount: fraction ? `${integer}.${fraction}` : integer, currency } };
}

function scale(parsed: PriceParse, exponent: number, input: string): PriceParse {
  if (!parsed.ok) return parsed;
  const [int, frac = ''] = parsed.money.amount.split('.');
  if (frac.length > exponent) return fail(`"${input}" is not a whole amount of ${parsed.money.currency}`);
  const digits = (int! + frac.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  return { ok: true, money: { amount: digits, currency: parsed.money.currency } };
}

/** `500` → `5`, `000` → ``: the digits without their trailing zeros, in one pass from the end. */
function withoutTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  return digits.slice(0, end);
}

function fail(reason: string): PriceParse {
  return { ok: false, reason };
}
