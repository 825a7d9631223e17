import { ECONOMIES, economyName } from '../../schemas/economies';
import { CATEGORIES } from '../../schemas/taxonomy/categories';
import { Money, Certification, label } from '../graphql/resolvers/types';
import { Product } from '../graphql/resolvers/product';
import type { ProductRef } from '../graphql/resolvers/refs';
import type { MoneyView } from '../money/currency';
import type { Localized } from '../normalize/language';
import type { Visitor } from './visitor';
import { roundDecimal, trimZeros } from '../money/decimal';

export interface PriceView {
  formatted: string;
  /** The original price, formatted, when converted. */
  original: string | null;
  rate: MoneyView['rate'];
}

/**
 * A product's price as GraphQL's `price { formatted original { formatted } rate { ... } }` answers
 * it: the same resolvers, so pages and API never disagree on an amount.
 */
export function priceOf(ref: ProductRef, visitor: Visitor): PriceView | null {
  const money = Product.price(ref, {}, visitor.gql);
  if (!money) return null;
  const original = Money.original(money);
  return {
    formatted: Money.formatted(money, {}, visitor.gql),
    original: original ? Money.formatted(original, {}, visitor.gql) : null,
    rate: money.rate,
  };
}

/** A product's localized field as GraphQL's `name`, `story`, ... resolve it (fallbacks marked). */
export function textOf(ref: ProductRef, visitor: Visitor, field: 'name' | 'description' | 'story' | 'ingredients'): Localized | null {
  return Product[field](ref, {}, visitor.gql);
}

/** The label of a shared category in the visitor's languages. */
export function categoryLabel(code: string | undefined, visitor: Visitor): string | null {
  const category = code ? CATEGORIES.find((c) => c.code === code) : undefined;
  return category ? label(category.labels, visitor.languages) : null;
}

/** An economy's name in the interface language. */
export function economyLabel(code: string, visitor: Visitor): string {
  return economyName(code, visitor.lang);
}

/** A certificate scheme's label, as `Certification.label` gives it. */
export function certificationLabel(cert: { scheme: string }, visitor: Visitor): string {
  return Certification.label({ ...cert, languages: visitor.languages }, {}, visitor.gql);
}

/** Significant digits of an exchange rate on a page (docs/contract.md); the API keeps rates exact. */
export const RATE_DISPLAY_DIGITS = 6;

/**
 * An exact decimal rate as a page shows it: rounded half-to-even to at most `digits` significant
 * digits, trailing zeros dropped (`0.00650823898666` → `0.00650824`, `25432.18` → `25432.2`).
 * Exact decimal arithmetic, never a float.
 */
export function displayRate(rate: string, digits = RATE_DISPLAY_DIGITS): string {
  const [int = '0', frac = ''] = rate.replace(/^-/, '').split('.');
  const lead = /^0*$/.test(int) ? -(frac.match(/^0*/)?.[0].length ?? 0) : int.replace(/^0+/, '').length;
  if (lead <= digits) return trimZeros(roundDecimal(rate, digits - lead));
  // More integer digits than shown: round to a multiple of 10^(lead − digits).
  const unit = 10 ** (lead - digits);
  const whole = roundDecimal(rate, 0);
  const rounded = ((BigInt(whole) + BigInt(unit) / 2n) / BigInt(unit)) * BigInt(unit);
  return rounded.toString();
}

/** Where the bundled sample catalogues point their pictures: this gateway's /samples/images/ route (docs/portal.md). */
export const SAMPLE_IMAGES = 'https://samples.ovop.example/samples/images/';

/**
 * The address a page gives a product picture: a sample picture is served by this gateway itself,
 * so the page links it on its own origin (no request leaves the machine on a first run); any other
 * picture is the economy's own URL.
 */
export function displayImage(url: string | undefined): string | undefined {
  return url?.startsWith(SAMPLE_IMAGES) ? `/samples/images/${url.slice(SAMPLE_IMAGES.length)}` : url;
}

/**
 * A producer's or place's name as the visitor reads it: the catalogue's romanised or translated
 * form in the first of the visitor's languages that has one, unless a language of the product's
 * economy comes first (then the name as written). Without a form for any of them, as written.
 */
export function nameFor(original: string, names: Record<string, string> | undefined, economy: string, visitor: Pick<Visitor, 'languages'>): string {
  if (!names) return original;
  const own = ECONOMIES.get(economy)?.languages ?? [];
  for (const tag of visitor.languages) {
    const lang = tag.toLowerCase().split('-')[0]!;
    if (own.includes(lang)) return original;
    const name = names[tag] ?? names[lang];
    if (name) return name;
  }
  return original;
}
