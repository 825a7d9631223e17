import type { CanonicalProduct } from '../../schemas/product';
import type { HarvestCaps } from './harvest-caps';

/** What the gateway knows of a connector without running it. */
export interface ConnectorInfo {
  id: string;
  economy: string;
  programme: string;
  name: string;
  builtin: boolean;
  defaults: { currency: string; language: string };
  refresh: { ttlSeconds: number };
}

/**
 * An HTTP fetch: the gateway's upstream pipeline (guarded, capped, with a deadline), or an in-process
 * one serving the bundled samples. Its error messages are public text: they name no URL or address.
 */
export type Transport = (url: string, init?: RequestInit) => Promise<Response>;

/** A record that failed mapping or validation: never served, reported to its economy. */
export interface QuarantinedRecord {
  record: string | null;
  path: string;
  message: string;
}

export interface Harvest {
  products: CanonicalProduct[];
  /** Products accepted: `products.length`, or those handed to `onProduct`. */
  accepted: number;
  /** The first issues of the records not accepted (at most `HarvestCaps.keptIssues`): never the records themselves. */
  quarantined: QuarantinedRecord[];
  /** Issues found in all, kept or not (a record may have several). */
  issues?: number;
  /** Records read from the source, accepted or not. */
  records: number;
  pages: number;
  /** Why a cap (pages, records, bytes, quarantined records) stopped the harvest before the source's end: the products read are kept. */
  truncated?: string;
}

export interface HarvestOptions {
  transport: Transport;
  /** Stop after this many records (a dry run reads a sample). */
  limit?: number;
  /** Stop after this many pages, as `limit` does (a sample, not a truncation). */
  samplePages?: number;
  signal?: AbortSignal;
  /**
   * Takes each accepted product as it is validated, instead of the harvest keeping it: `products`
   * then stays empty and `accepted` counts them, so a large catalogue is never held as objects.
   */
  onProduct?: (product: CanonicalProduct) => void;
  /**
   * Awaited between batches of records, where the harvest yields to the event loop: whoever takes
   * the products (`onProduct`) can hold the harvest back until it has caught up.
   */
  pace?: () => Promise<void>;
  /**
   * Whoever takes the products (`onProduct`) drops a local id's later copies itself and reports
   * them, so the harvest keeps no set of the local ids read (issue 30: a Worker harvesting into
   * shards, where every copy of an id reaches the same shard). @default false
   */
  uniqueDownstream?: boolean;
  /** Lower caps than the gateway's, for this harvest. @default HARVEST_CAPS */
  caps?: Partial<HarvestCaps>;
  /** Goes on from a checkpoint an earlier invocation made (`onPage`): a `resumable` connector only. */
  resume?: HarvestProgress;
  /**
   * Awaited after each page whose records were all handed on, when another page follows, with where
   * the harvest stands: a harvest that spans invocations (Workers) keeps it as its checkpoint.
   * Called by a `resumable` connector only.
   */
  onPage?: (progress: HarvestProgress) => Promise<void>;
}

/** A collector's counts and kept issues: what a harvest's checkpoint carries of it (bounded by `HarvestCaps.keptIssues`). */
export interface CollectorState {
  records: number;
  accepted: number;
  issues: number;
  quarantined: QuarantinedRecord[];
}

/** Where a paged harvest stands between two pages: enough to go on from the next page in another invocation. */
export interface HarvestProgress {
  /** The next page's position (a page number or a cursor, as the connector pages), null for none. */
  position: string | null;
  pages: number;
  /** Bytes read so far. */
  bytes: number;
  collector: CollectorState;
}

/** A national catalogue: fetch → decode → map → canonical records. */
export interface Connector extends ConnectorInfo {
  /** True when its harvest takes `resume` and calls `onPage` (the declarative connector). */
  resumable?: boolean;
  harvest(options: HarvestOptions): Promise<Harvest>;
}

/** What names a built-in connector. */
export interface BuiltinInfoOptions {
  id: string;
  /** The APEC economy code (`JP`). */
  economy: string;
  /** The national programme (`OVOP`, `OCOP`). */
  programme: string;
  name: string;
  /** The catalogue's prices' currency (ISO 4217). */
  currency: string;
  /** The catalogue's language (BCP 47). */
  language: string;
}

/** The description of a built-in connector: the operator's, refreshed hourly. */
export function builtinInfo({ id, economy, programme, name, currency, language }: BuiltinInfoOptions): ConnectorInfo {
  return { id, economy, programme, name, builtin: true, defaults: { currency, language }, refresh: { ttlSeconds: 3600 } };
}
