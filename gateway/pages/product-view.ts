import { economyName } from '../../schemas/economies';
import { CATEGORIES } from '../../schemas/taxonomy/categories';
import { Money, Certification, label } from '../graphql/resolvers/types';
import { Product } from '../graphql/resolvers/product';
import type { ProductRef } from '../graphql/resolvers/refs';
import type { MoneyView } from '../money/currency';
import type { Localized } from '../normalize/language';
import type { Visitor } from './visitor';

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
