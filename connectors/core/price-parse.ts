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
  let text = input
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
  for (let changed = true; changed; ) {
    changed = false;
    const iso = /^([a-z]{3})(?=[\s\d])|(?<=[\s\d])([a-z]{3})$/.exec(text);
    const code = iso ? (iso[1] ?? iso[2])!.toUpperCase() : undefined;
    if (code && CURRENCIES.has(code)) {
      if (!take(code)) return fail(`"${input}" names two currencies`);
      text = text.replace(iso![0], '').trim();
      changed = true;
      continue;
    }
    for (const [marker, code] of MARKERS) {
      if (text.startsWith(marker) || text.endsWith(marker)) {
        if (!take(code)) return fail(`"${input}" names two currencies`);
        text = text.startsWith(marker) ? text.slice(marker.length) : text.slice(0, -marker.length);
        text = text.trim();
        changed = true;
        break;
      }
    }
    if (!changed && text.startsWith('\\') && (defaultCurrency === 'JPY' || defaultCurrency === 'KRW')) {
      // Shift_JIS and EUC-KR put ¥ and ₩ at 0x5C, which decodes as a backslash.
      if (!take(defaultCurrency)) return fail(`"${input}" names two currencies`);
      text = text.slice(1).trim();
      changed = true;
    }
    if (!changed && (text.startsWith('$') || text.endsWith('$'))) {
      const fallback = CURRENCIES.get(defaultCurrency);
      if (!fallback?.symbol.includes('$')) return fail(`"${input}": "$" does not say which dollar`);
      if (!take(defaultCurrency)) return fail(`"${input}" names two currencies`);
      text = text.replace(/^\$|\$$/, '').trim();
      changed = true;
    }
  }
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
  fraction = fraction.replace(/0+$/, '');
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

function fail(reason: string): PriceParse {
  return { ok: false, reason };
}
