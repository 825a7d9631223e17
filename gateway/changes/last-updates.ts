import { BoundedMap } from '../collections/bounded-map';
import type { ChangeLog } from './change-log';
import type { ChangeAspect, ProductChange } from './event';

/** What a product page says of a product's latest UPDATED event. */
export interface LastUpdate {
  /** RFC 3339: when the harvest that found the change ran. */
  occurredAt: string;
  aspects: ChangeAspect[];
  /** The changed fields' paths (`price.amount`, `name.vi`), at most MAX_PATHS of them. */
  paths: string[];
  /** Paths the event named beyond `paths`. */
  morePaths: number;
}

/** Paths kept per product: a page names a few, not a catalogue's worth. */
export const MAX_PATHS = 8;

/** Bytes the map holds at most, products' ids and paths counted as UTF-16. @default 4 MiB */
export const DEFAULT_LAST_UPDATE_BYTES = 4 * 1024 * 1024;

/**
 * Each product's latest UPDATED event as this instance wrote it, fed by the change recording's
 * `onWritten`: what a product page shows as "last changed". Bounded in bytes (least recently
 * written dropped first). It knows what this instance recorded since it started: an event another
 * instance wrote first (a duplicate here), or one from before a restart, is not in it, and the page
 * then says nothing rather than guess. Reading the log for one product would need a per-product
 * index the stores do not keep.
 */
export class LastUpdates {
  private readonly map: BoundedMap<string, LastUpdate>;

  constructor(maxBytes = DEFAULT_LAST_UPDATE_BYTES) {
    this.map = new BoundedMap<string, LastUpdate>({
      maxBytes,
      sizeOf: (update, id) => 2 * (id.length + update.occurredAt.length + update.paths.reduce((n, p) => n + p.length + 8, 0)) + 16 * update.aspects.length + 96,
    });
  }

  /** Notes what a write added to the log: each UPDATED event replaces its product's entry. */
  note(written: readonly ProductChange[]): void {
    for (const change of written) {
      if (change.type === 'REMOVED') this.map.delete(change.productId);
      if (change.type !== 'UPDATED') continue;
      const paths = change.changes.slice(0, MAX_PATHS).map((c) => c.path);
      this.map.set(change.productId, { occurredAt: change.occurredAt, aspects: [...change.aspects], paths, morePaths: change.changes.length - paths.length });
    }
  }

  /** The product's latest UPDATED event this instance wrote, if it still holds it. */
  of(productId: string): LastUpdate | undefined {
    return this.map.peek(productId);
  }
}

const instances = new WeakMap<ChangeLog, LastUpdates>();

/** The instance's one LastUpdates for a log, made on first use (as `tailOf` is): the recording feeds it, the pages read it. */
export function lastUpdatesOf(log: ChangeLog): LastUpdates {
  let found = instances.get(log);
  if (!found) instances.set(log, (found = new LastUpdates()));
  return found;
}
