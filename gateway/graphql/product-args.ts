import { isApecEconomy } from '../../schemas/economies';
import { CATEGORY_CODES } from '../../schemas/taxonomy/categories';
import { SCHEME_CODE_PATTERN } from '../../schemas/taxonomy/certifications';
import { badInput } from '../errors';
import type { ProductQuery, ProductSort } from '../federation/catalogue/query';
import { isDecimal } from '../money/decimal';

export const MAX_PAGE_SIZE = 100;
const MAX_TEXT_LENGTH = 200;

export interface ProductFilterInput {
  economies?: string[] | null;
  text?: string | null;
  categories?: string[] | null;
  minRating?: number | null;
  certifications?: string[] | null;
  priceMin?: string | null;
  priceMax?: string | null;
}

/** The page size asked for, within 0..100; anything else is BAD_USER_INPUT. */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? 20;
  if (n < 0 || n > MAX_PAGE_SIZE) throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`, { argument: 'first' });
  return n;
}

/** A validated, canonical query from the GraphQL filter; every bad value is BAD_USER_INPUT. */
export function toProductQuery(filter: ProductFilterInput | null | undefined, sort: ProductSort, currency: string, lang: string): ProductQuery {
  const f = filter ?? {};
  const query: ProductQuery = { currency, sort, lang };
  if (f.economies) {
    query.economies = f.economies.map((e) => e.trim().toUpperCase());
    const unknown = query.economies.filter((e) => !isApecEconomy(e));
    if (unknown.length) throw badInput(`not APEC economies: ${unknown.join(', ')}`, { argument: 'filter.economies' });
  }
  if (f.categories) {
    query.categories = f.categories.map((c) => c.trim().toUpperCase());
    const unknown = query.categories.filter((c) => !(CATEGORY_CODES as readonly string[]).includes(c));
    if (unknown.length) throw badInput(`not shared category codes: ${unknown.join(', ')}`, { argument: 'filter.categories' });
  }
  if (f.certifications) {
    query.certifications = f.certifications.map((c) => c.trim().toUpperCase());
    const bad = query.certifications.filter((c) => !SCHEME_CODE_PATTERN.test(c));
    if (bad.length) throw badInput(`not certification scheme codes: ${bad.join(', ')}`, { argument: 'filter.certifications' });
  }
  if (f.minRating !== undefined && f.minRating !== null) {
    if (f.minRating < 0 || f.minRating > 10) throw badInput('minRating must be between 0 and 10', { argument: 'filter.minRating' });
    query.minRating = f.minRating;
  }
  if (f.text) {
    if (f.text.length > MAX_TEXT_LENGTH) throw badInput(`text is longer than ${MAX_TEXT_LENGTH} characters`, { argument: 'filter.text' });
    if (f.text.trim()) query.text = f.text.normalize('NFC');
  }
  for (const key of ['priceMin', 'priceMax'] as const) {
    const value = f[key];
    if (value === undefined || value === null) continue;
    if (!isDecimal(value.trim()) || value.trim().startsWith('-')) {
      throw badInput(`${key} must be a non-negative decimal such as "12.50"`, { argument: `filter.${key}` });
    }
    query[key] = value.trim();
  }
  return query;
}
