/**
 * ISO 4217 currencies of the APEC economies, plus EUR (the ECB reference rates' base).
 * `minorUnits` is ISO's exponent; `displayMinorUnits` is what money is rounded and shown to:
 * IDR has two minor units in ISO, but payment systems refuse decimals, so it is shown without.
 */
export interface CurrencyInfo {
  code: string;
  minorUnits: number;
  displayMinorUnits: number;
  symbol: string;
}

const table: Array<[string, number, number?, string?]> = [
  ['AUD', 2, 2, 'A$'],
  ['BND', 2, 2, 'B$'],
  ['CAD', 2, 2, 'C$'],
  ['CLP', 0, 0, 'CLP$'],
  ['CNY', 2, 2, 'CN¥'],
  ['EUR', 2, 2, '€'],
  ['HKD', 2, 2, 'HK$'],
  ['IDR', 2, 0, 'Rp'],
  ['JPY', 0, 0, '¥'],
  ['KRW', 0, 0, '₩'],
  ['MXN', 2, 2, 'MX$'],
  ['MYR', 2, 2, 'RM'],
  ['NZD', 2, 2, 'NZ$'],
  ['PEN', 2, 2, 'S/'],
  ['PGK', 2, 2, 'K'],
  ['PHP', 2, 2, '₱'],
  ['RUB', 2, 2, '₽'],
  ['SGD', 2, 2, 'S$'],
  ['THB', 2, 2, '฿'],
  ['TWD', 2, 2, 'NT$'],
  ['USD', 2, 2, 'US$'],
  ['VND', 0, 0, '₫'],
];

export const CURRENCIES: ReadonlyMap<string, CurrencyInfo> = new Map(
  table.map(([code, minorUnits, displayMinorUnits = minorUnits, symbol = code]) => [code, { code, minorUnits, displayMinorUnits, symbol }]),
);

/** True when `code` is a currency this gateway prices in. */
export function isKnownCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}
