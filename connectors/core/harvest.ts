import type { z } from 'zod';
import { CanonicalProduct } from '../../schemas/product';
import type { ConnectorInfo, Harvest, QuarantinedRecord } from './connector';
import { RecordError, type RecordIssue, RecordIssues } from './errors';

/** One source record and the mapping that turns it into a canonical candidate. */
export interface MappedRecord {
  localId: string | undefined;
  map: () => Record<string, unknown>;
  /** Puts the canonical schema's issues in the catalogue's own words (its column, the value found); zod's words otherwise. */
  explain?: (issues: readonly z.core.$ZodIssue[], candidate: Record<string, unknown>) => RecordIssue[];
}

/**
 * Validates mapped records against the canonical product: the ones that pass are products, the
 * rest are quarantined with path and reason. A local id seen twice keeps its first record.
 */
export function collect(info: ConnectorInfo, records: Iterable<MappedRecord>, pages: number, options: CollectorOptions = {}): Harvest {
  const collector = new Collector(info, options);
  for (const record of records) collector.add(record);
  return collector.result(pages);
}

export interface CollectorOptions {
  /** Hands each accepted product on instead of keeping it (see `HarvestOptions.onProduct`). */
  onProduct?: (product: CanonicalProduct) => void;
}

/**
 * The same, a record at a time: a paged harvest maps each page as it arrives, so the raw records
 * of a large catalogue are never all alive at once.
 */
export class Collector {
  private readonly products: CanonicalProduct[] = [];
  private readonly quarantined: QuarantinedRecord[] = [];
  private readonly seen = new Set<string>();
  private readonly strings = new Map<string, string>();
  private count = 0;
  private accepted = 0;

  constructor(
    private readonly info: ConnectorInfo,
    private readonly options: CollectorOptions = {},
  ) {}

  get size(): number {
    return this.count;
  }

  result(pages: number, truncated?: string): Harvest {
    return { products: this.products, accepted: this.accepted, quarantined: this.quarantined, records: this.count, pages, ...(truncated && { truncated }) };
  }

  add({ localId, map, explain }: MappedRecord): void {
    const { info, products, quarantined, seen } = this;
    this.count++;
    const record = localId ?? null;
    if (localId && seen.has(localId)) {
      quarantined.push({ record, path: 'localId', message: `duplicate local id ${localId}` });
      return;
    }
    let candidate: Record<string, unknown>;
    try {
      candidate = map();
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      const issues = error instanceof RecordIssues ? error.issues : [error];
      for (const issue of issues) quarantined.push({ record, path: issue.path, message: issue.message });
      return;
    }
    const input = {
      id: `${info.id}:${localId}`,
      connector: info.id,
      localId,
      economy: info.economy,
      programme: info.programme,
      language: info.defaults.language,
      ...candidate,
    };
    const parsed = CanonicalProduct.safeParse(input);
    if (parsed.success) {
      if (this.options.onProduct) this.options.onProduct(parsed.data);
      else products.push(internShared(parsed.data, this.strings));
      this.accepted++;
      seen.add(localId!);
    } else {
      const issues = explain
        ? explain(parsed.error.issues, input)
        : parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(record)', message: i.message }));
      for (const issue of issues) quarantined.push({ record, ...issue });
    }
  }
}

/**
 * Shares one copy of the strings records repeat (codes, regions, units, schemes) across a
 * catalogue: a large catalogue holds each once instead of once per product.
 */
function internShared(product: CanonicalProduct, strings: Map<string, string>): CanonicalProduct {
  const one = (value: string) => {
    const known = strings.get(value);
    if (known !== undefined) return known;
    if (strings.size < 50_000) strings.set(value, value);
    return value;
  };
  product.connector = one(product.connector);
  product.economy = one(product.economy);
  product.programme = one(product.programme);
  product.language = one(product.language);
  if (product.category) product.category = one(product.category) as typeof product.category;
  if (product.price) product.price.currency = one(product.price.currency);
  if (product.hsCode) product.hsCode = one(product.hsCode);
  if (product.netContent) product.netContent.unit = one(product.netContent.unit) as typeof product.netContent.unit;
  if (product.rating) product.rating.scheme = one(product.rating.scheme);
  product.origin.country = one(product.origin.country);
  if (product.origin.region) product.origin.region = one(product.origin.region);
  if (product.origin.locality) product.origin.locality = one(product.origin.locality);
  if (product.producer?.region) product.producer.region = one(product.producer.region);
  for (const c of product.certifications) {
    c.scheme = one(c.scheme);
    if (c.issuer) c.issuer = one(c.issuer);
  }
  product.allergens = product.allergens.map(one);
  product.labelLanguages = product.labelLanguages.map(one);
  return product;
}
