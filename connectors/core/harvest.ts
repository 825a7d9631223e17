import type { z } from 'zod';
import { CanonicalProduct } from '../../schemas/product';
import type { CollectorState, ConnectorInfo, Harvest, QuarantinedRecord } from './connector';
import { RecordError, type RecordIssue, RecordIssues } from './errors';
import { PackedStringSet } from './packed-string-set';
import { clip, HARVEST_CAPS, type HarvestCaps, MAX_ISSUE_CHARS, MAX_ISSUE_RECORD_CHARS } from './harvest-caps';

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
 * Quarantine keeps counts and the first issues, never the records (see `HarvestCaps`).
 */
export function collect(info: ConnectorInfo, records: Iterable<RecordSource>, pages: number, options: CollectorOptions = {}): Harvest {
  const collector = new Collector(info, options);
  for (const record of records) collector.add(record);
  return collector.result(pages);
}

/** A mapped record, or how to map it: a thunk lets an error in reading the record itself (a null record) be its own issue. */
export type RecordSource = MappedRecord | (() => MappedRecord);

export interface CollectorOptions {
  /** Hands each accepted product on instead of keeping it (see `HarvestOptions.onProduct`). */
  onProduct?: (product: CanonicalProduct) => void;
  /** Lower caps than the gateway's (tests, dry runs). @default HARVEST_CAPS */
  caps?: Partial<HarvestCaps>;
  /** `onProduct`'s taker quarantines a local id's later copies itself: no set of ids is kept here (`HarvestOptions.uniqueDownstream`). @default false */
  uniqueDownstream?: boolean;
  /**
   * Goes on from an earlier invocation's counts and kept issues (`Collector.state`). The local ids
   * it read are not carried over: a duplicate of one of them is left to whoever takes the products
   * (the catalogue's shards drop it at the harvest's end).
   */
  resume?: CollectorState;
}

/**
 * The same, a record at a time: a paged harvest maps each page as it arrives, so the raw records
 * of a large catalogue are never all alive at once.
 */
export class Collector {
  private readonly products: CanonicalProduct[] = [];
  private readonly quarantined: QuarantinedRecord[] = [];
  /** Every local id accepted: packed, since a harvest holds them all at once (issue 30); none when duplicates are found downstream. */
  private readonly seen?: PackedStringSet;
  private readonly strings = new Map<string, string>();
  private readonly caps: HarvestCaps;
  private count = 0;
  private accepted = 0;
  private issues = 0;
  private stop: string | undefined;

  constructor(
    private readonly info: ConnectorInfo,
    private readonly options: CollectorOptions = {},
  ) {
    this.caps = { ...HARVEST_CAPS, ...options.caps };
    if (!(options.uniqueDownstream && options.onProduct)) this.seen = new PackedStringSet();
    const resume = options.resume;
    if (resume) {
      this.count = resume.records;
      this.accepted = resume.accepted;
      this.issues = resume.issues;
      this.quarantined.push(...resume.quarantined.slice(0, this.caps.keptIssues));
    }
  }

  /** The counts and kept issues so far, for a checkpoint (see `CollectorOptions.resume`). */
  state(): CollectorState {
    return { records: this.count, accepted: this.accepted, issues: this.issues, quarantined: [...this.quarantined] };
  }

  get size(): number {
    return this.count;
  }

  /** Why this harvest must read no more records (a cap was reached), or undefined while it may. */
  get stopped(): string | undefined {
    return this.stop;
  }

  /** The harvest so far; `truncated` is the reader's reason to have stopped early, if any (a cap of ours wins). */
  result(pages: number, truncated?: string): Harvest {
    const reason = this.stop ?? truncated;
    return {
      products: this.products,
      accepted: this.accepted,
      quarantined: this.quarantined,
      issues: this.issues,
      records: this.count,
      pages,
      ...(reason && { truncated: reason }),
    };
  }

  /**
   * Maps and validates one record. Whatever goes wrong with it (a mapping error, a value nested
   * too deep, a stack overflow) is that record's issue alone: the harvest goes on with the next.
   */
  add(record: RecordSource): void {
    if (this.stop) return;
    this.count++;
    try {
      this.take(record);
    } catch (error) {
      this.quarantine(null, error instanceof RecordError ? error.path : '(record)', unreadable(error));
    }
    const { caps } = this;
    if (this.count - this.accepted >= caps.quarantined) {
      this.stop = `harvest truncated at the cap of ${caps.quarantined} quarantined records (the source may have more): the products read before it are served`;
    } else if (this.count >= caps.records) {
      this.stop = `harvest truncated at the cap of ${caps.records} records (the source may have more): the products read are served`;
    }
  }

  private take(source: RecordSource): void {
    const { info, products, seen } = this;
    const { localId, map, explain } = typeof source === 'function' ? source() : source;
    const record = localId ?? null;
    if (localId && seen?.has(localId)) {
      this.quarantine(record, 'localId', `duplicate local id ${localId}`);
      return;
    }
    let candidate: Record<string, unknown>;
    try {
      candidate = map();
    } catch (error) {
      if (error instanceof RecordIssues) for (const issue of error.issues) this.quarantine(record, issue.path, issue.message);
      else this.quarantine(record, error instanceof RecordError ? error.path : '(record)', unreadable(error));
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
      seen?.add(localId!);
    } else {
      const issues = explain
        ? explain(parsed.error.issues, input)
        : parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(record)', message: i.message }));
      for (const issue of issues) this.quarantine(record, issue.path, issue.message);
    }
  }

  /** Counts an issue, and keeps it while fewer than `caps.keptIssues` are kept, clipped in length. */
  private quarantine(record: string | null, path: string, message: string): void {
    this.issues++;
    if (this.quarantined.length >= this.caps.keptIssues) return;
    this.quarantined.push({
      record: record === null ? null : clip(record, MAX_ISSUE_RECORD_CHARS),
      path: clip(path, MAX_ISSUE_RECORD_CHARS),
      message: clip(message, MAX_ISSUE_CHARS),
    });
  }
}

/** An issue's words for an error: a RecordError says them; anything else (a stack overflow) is named as unreadable. */
function unreadable(error: unknown): string {
  if (error instanceof RecordError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `the record could not be read (${detail})`;
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
