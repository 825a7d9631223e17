import { z } from 'zod';
import { CHANGE_ASPECTS, type ChangeAspect, type ProductChange, type ProductChangeType, PRODUCT_CHANGE_TYPES } from './event';

/**
 * Which changes a reader wants (the ChangeFilter of docs/contract.md), shared by every reader:
 * pull, stream, export and webhooks. Each list is a choice among its entries (any of them); lists
 * together must all hold. An absent or empty list does not filter.
 */
export interface ChangeFilter {
  economies?: readonly string[] | null;
  connectors?: readonly string[] | null;
  categories?: readonly string[] | null;
  certifications?: readonly string[] | null;
  types?: readonly ProductChangeType[] | null;
  aspects?: readonly ChangeAspect[] | null;
  productIds?: readonly string[] | null;
  /** Compliance changes for this destination only: COMPLIANCE_CHANGED of other destinations are left out. */
  destination?: string | null;
}

const list = <T extends z.ZodType>(item: T) => z.array(item).max(100).nullish();
const code = z.string().max(64);

/** A filter as it comes from outside (GraphQL variables, a webhook subscription), bounded: at most 100 entries a list. */
export const ChangeFilterInput = z.strictObject({
  economies: list(
    z
      .string()
      .regex(/^[A-Za-z]{2}$/)
      .transform((e) => e.toUpperCase()),
  ),
  connectors: list(code),
  categories: list(code),
  certifications: list(code),
  types: list(z.enum(PRODUCT_CHANGE_TYPES)),
  aspects: list(z.enum(CHANGE_ASPECTS)),
  productIds: list(z.string().max(120)),
  destination: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .transform((d) => d.toUpperCase())
    .nullish(),
});

const has = <T>(values: readonly T[] | null | undefined): values is readonly T[] => !!values && values.length > 0;

/** True when a change passes the filter. */
export function matchesFilter(change: ProductChange, filter: ChangeFilter | null | undefined): boolean {
  if (!filter) return true;
  if (has(filter.economies) && !filter.economies.includes(change.economy)) return false;
  if (has(filter.connectors) && !filter.connectors.includes(change.connector)) return false;
  if (has(filter.types) && !filter.types.includes(change.type)) return false;
  if (has(filter.productIds) && !filter.productIds.includes(change.productId)) return false;
  if (has(filter.categories) && !(change.category && filter.categories.includes(change.category))) return false;
  if (has(filter.certifications) && !change.certifications.some((c) => filter.certifications!.includes(c))) return false;
  if (has(filter.aspects) && !change.aspects.some((a) => filter.aspects!.includes(a))) return false;
  if (filter.destination && change.compliance && change.compliance.destination !== filter.destination) return false;
  return true;
}

/**
 * The filter, or null when it passes every change (each list absent or empty, no destination): what
 * a long-lived reader keeps, so an unfiltered one holds no object for it. Any field set counts, so
 * a field added to ChangeFilter is never dropped here.
 */
export function activeFilter(filter: ChangeFilter | null | undefined): ChangeFilter | null {
  if (!filter) return null;
  const filters = Object.values(filter).some((value) => (Array.isArray(value) ? value.length > 0 : value !== null && value !== undefined && value !== ''));
  return filters ? filter : null;
}

/** The economies a filter confines reading to, or undefined for all: a log reads only their streams. */
export function economiesOf(filter: ChangeFilter | null | undefined): readonly string[] | undefined {
  return has(filter?.economies) ? filter.economies : undefined;
}
