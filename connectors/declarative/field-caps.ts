import type { MappableField } from '../../schemas/manifest';
import { TEXT_LIMITS } from '../../schemas/product';
import { RecordError } from '../core/errors';
import { MAX_NESTING_DEPTH } from './dot-path';

/**
 * The longest text a record may hold in each mapped field, in UTF-16 units, checked before anything
 * parses it: a price or a quantity is a few characters on any label, so 64 leaves room for every
 * local way of writing one, and a 100,000-digit "quantity" is refused at once instead of parsed.
 * Texts get twice their canonical limit (schemas/product.ts), room for whitespace and decomposed
 * (NFD) accents that storing them removes; the canonical schema then holds them to the limit.
 */
export const FIELD_CHARS: Readonly<Record<MappableField, number>> = {
  localId: 256,
  name: 2 * TEXT_LIMITS.name,
  description: 2 * TEXT_LIMITS.description,
  story: 2 * TEXT_LIMITS.story,
  ingredients: 2 * TEXT_LIMITS.ingredients,
  price: 64,
  availability: 64,
  category: 200,
  rating: 16,
  'producer.name': 2 * TEXT_LIMITS.producer,
  'producer.region': 2 * TEXT_LIMITS.place,
  'origin.region': 2 * TEXT_LIMITS.place,
  'origin.locality': 2 * TEXT_LIMITS.place,
  gtin: 32,
  hsCode: 32,
  certifications: 20_000,
  images: 120_000,
  url: TEXT_LIMITS.url,
  netContent: 64,
  allergens: 2_000,
  shelfLifeDays: 16,
  labelLanguages: 500,
  traceabilityUrl: TEXT_LIMITS.url,
};

/** Most items a mapped list may hold before it is read (the canonical schema holds fewer). */
export const MAX_LIST_ITEMS = 1_000;

/**
 * `value` as read from the record at `column` for `field`, or a RecordError at `path` when it is
 * longer than the field may be, a list with too many items, or arrays nested deeper than
 * MAX_NESTING_DEPTH. Costs at most one pass over the value.
 */
export function capped(value: unknown, field: MappableField, path: string, column: string): unknown {
  const max = FIELD_CHARS[field];
  if (typeof value === 'string' && value.length > max) {
    throw new RecordError(path, `"${column}" holds ${value.length} characters, more than the ${max} a ${field} may have`);
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) throw new RecordError(path, `"${column}" holds ${value.length} items, more than ${MAX_LIST_ITEMS}`);
    if (nestedDeeperThan(value, MAX_NESTING_DEPTH)) {
      throw new RecordError(path, `"${column}" holds lists nested more than ${MAX_NESTING_DEPTH} levels deep`);
    }
    for (const item of value) {
      if (typeof item === 'string' && item.length > max) {
        throw new RecordError(path, `"${column}" holds an item of ${item.length} characters, more than the ${max} a ${field} may have`);
      }
    }
  }
  return value;
}

/** Whether arrays nest deeper than `depth` in `value`: a walk with its own stack, never recursion. */
export function nestedDeeperThan(value: unknown, depth: number): boolean {
  const stack: Array<[unknown[], number]> = Array.isArray(value) ? [[value, 1]] : [];
  while (stack.length) {
    const [list, level] = stack.pop()!;
    if (level > depth) return true;
    for (const item of list) if (Array.isArray(item)) stack.push([item, level + 1]);
  }
  return false;
}
