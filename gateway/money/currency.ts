import { CURRENCIES } from '../../schemas/currencies';
import type { Money } from '../../schemas/product';
import { badInput } from '../errors';
import { BoundedMap } from '../collections/bounded-map';
import { INTL_OBJECT_BYTES } from '../collections/rough-bytes';
import { TupleMemo } from '../collections/tuple-memo';
import { multiplyRatio, ratioToString, roundDecimal } from './decimal';
import { crossRate, type RateTable } from './rates/table';

export interface ExchangeRateView {
  from: string;
  to: string;
  rate: string;
  asOf: string;
  source: string;
}

/** Money as the API shows it: converted money carries the original and the rate that made it. */
export interface MoneyView {
  amount: string;
  currency: string;
  original: MoneyView | null;
  rate: ExchangeRateView | null;
}

/** An ISO 4217 code the gateway prices in, upper-cased; anything else is BAD_USER_INPUT. */
export function requestCurrency(code: string, table: RateTable): string {
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(upper)) throw badInput(`"${code}" is not an ISO 4217 currency code`, { argument: 'currency' });
  if (!CURRENCIES.has(upper) || !crossRate(table, upper, upper)) {
    throw badInput(`${upper} is not a currency this gateway converts to`, { argument: 'currency' });
  }
  return upper;
}

/** Money in its own currency, shown to the currency's minor units. */
export function originalMoney(money: Money): MoneyView {
  return { amount: toMinorUnits(money.amount, money.currency), currency: money.currency, original: null, rate: null };
}

/**
 * Money converted to `target`: original × rate, rounded half-to-even to the target's minor units
 * (IDR, JPY, VND: none), with the original and the rate's date and source.
 */
export function convertMoney(money: Money, target: string | null | undefined, table: RateTable): MoneyView {
  let views = conversions.get(table);
  if (!views) conversions.set(table, (views = new TupleMemo({ maxEntries: MAX_CONVERSIONS, maxBytes: MAX_CONVERSIONS * 1024 })));
  return views.getOrCreate(target ?? '', money.currency, money.amount, () => Object.freeze(convertUncached(money, target, table)));
}

/** Converted prices kept per rate table: a page of products repeats the same few conversions. */
const MAX_CONVERSIONS = 4096;
const conversions = new WeakMap<RateTable, TupleMemo<MoneyView>>();

function convertUncached(money: Money, target: string | null | undefined, table: RateTable): MoneyView {
  if (!target || target === money.currency) return originalMoney(money);
  const rate = crossRate(table, money.currency, target);
  if (!rate) throw badInput(`no rate from ${money.currency} to ${target}`, { argument: 'currency' });
  const decimals = CURRENCIES.get(target)!.displayMinorUnits;
  return {
    amount: multiplyRatio(money.amount, rate.ratio, decimals),
    currency: target,
    original: originalMoney(money),
    rate: { from: rate.from, to: rate.to, rate: ratioToString(rate.ratio), asOf: rate.asOf, source: rate.source },
  };
}

/** The amount written with exactly the currency's display minor units. */
function toMinorUnits(amount: string, currency: string): string {
  return roundDecimal(amount, CURRENCIES.get(currency)?.displayMinorUnits ?? 2);
}

/** Formatters by locale and currency (request input: bounded). */
const formatters = new BoundedMap<string, Intl.NumberFormat>({
  maxEntries: 256,
  maxBytes: 256 * (INTL_OBJECT_BYTES + 256),
  sizeOf: (_, key) => INTL_OBJECT_BYTES + 2 * key.length,
});

/** Money formatters held, for the memory-bound tests. */
export function formatterCount(): number {
  return formatters.size;
}

/** Money formatted for a locale through Intl.NumberFormat, with the currency's display decimals. */
export function formatMoney(view: Pick<MoneyView, 'amount' | 'currency'>, locale: string): string {
  return formatted.getOrCreate(locale, view.currency, view.amount, () => formatUncached(view, locale));
}

/** Formatted amounts by locale, currency and amount: Intl's format costs more than a look-up. */
const formatted = new TupleMemo<string>({ maxEntries: 16_384, maxBytes: 8 * 1024 * 1024 });

function formatUncached(view: Pick<MoneyView, 'amount' | 'currency'>, locale: string): string {
  const key = `${locale}|${view.currency}`;
  let format = formatters.get(key);
  if (!format) {
    const decimals = CURRENCIES.get(view.currency)?.displayMinorUnits ?? 2;
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: view.currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(key, format);
  }
  // Intl formats a decimal string exactly (no float) when given one.
  return format.format(view.amount as unknown as number);
}
