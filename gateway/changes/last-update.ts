import { z } from 'zod';
import { CHANGE_ASPECTS, type ChangeAspect, type ProductChange } from './event';

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

/** A last update as a store keeps it, checked when read back (Redis, the Durable Object). */
export const LastUpdateSchema = z.strictObject({
  occurredAt: z.string().max(40),
  aspects: z.array(z.enum(CHANGE_ASPECTS)).max(CHANGE_ASPECTS.length),
  paths: z.array(z.string().max(300)).max(MAX_PATHS),
  morePaths: z.number().int().min(0),
});

/**
 * What an event does to its product's last update: an UPDATED event becomes it, a REMOVED one
 * clears it (null), any other leaves it (undefined). The change log keeps the result beside the
 * product's row, so any instance can read it; LastUpdates keeps what this instance wrote.
 */
export function lastUpdateOf(change: ProductChange): LastUpdate | null | undefined {
  if (change.type === 'REMOVED') return null;
  if (change.type !== 'UPDATED') return undefined;
  const paths = change.changes.slice(0, MAX_PATHS).map((c) => c.path);
  return { occurredAt: change.occurredAt, aspects: [...change.aspects], paths, morePaths: change.changes.length - paths.length };
}

/** The last update a commit's events leave (in order), or undefined when none of them touches it. */
export function lastUpdateAfter(events: readonly ProductChange[]): LastUpdate | null | undefined {
  let last: LastUpdate | null | undefined;
  for (const event of events) {
    const update = lastUpdateOf(event);
    if (update !== undefined) last = update;
  }
  return last;
}

/** A stored last update read back: checked by its schema, null when absent. */
export function decodeLastUpdate(text: string | null | undefined): LastUpdate | null {
  if (!text) return null;
  return LastUpdateSchema.parse(JSON.parse(text)) as LastUpdate;
}

/**
 * The economy of a product id (`{connectorId}:{localId}`): connector ids start with their economy
 * (`vn-ocop`, `th-otop-crafts`; manifests are refused otherwise), so the page needs no look-up to
 * ask the log. An id that does not start so answers '' (no log holds anything under it).
 */
export function economyOfProductId(productId: string): string {
  return productId.charAt(2) === '-' ? productId.slice(0, 2).toUpperCase() : '';
}
