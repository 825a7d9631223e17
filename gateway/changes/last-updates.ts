import { BoundedMap } from '../collections/bounded-map';
import type { ChangeLog } from './change-log';
import type { ProductChange } from './event';
import { type LastUpdate, lastUpdateOf } from './last-update';

export { type LastUpdate, MAX_PATHS } from './last-update';

/** Bytes the map of what this instance wrote holds at most, products' ids and paths counted as UTF-16. @default 4 MiB */
export const DEFAULT_LAST_UPDATE_BYTES = 4 * 1024 * 1024;

/** Bytes the map of what was read from the log holds at most (answers of "none" included). @default 1 MiB */
export const DEFAULT_LOOKED_UP_BYTES = 1024 * 1024;

/** How long an answer read from the log is reused before it is read again. @default 60000 */
export const DEFAULT_LOOKUP_TTL_MS = 60_000;

export interface LastUpdatesOptions {
  /** The log read when this instance did not write a product's last update (ChangeLog.lastUpdate). */
  log?: ChangeLog;
  /** @default DEFAULT_LAST_UPDATE_BYTES */
  maxBytes?: number;
  /** @default DEFAULT_LOOKED_UP_BYTES */
  maxLookedUpBytes?: number;
  /** @default DEFAULT_LOOKUP_TTL_MS */
  lookupTtlMs?: number;
  /** Milliseconds, for the looked-up answers' age. @default Date.now */
  now?: () => number;
}

const sizeOfUpdate = (update: LastUpdate | null, id: string) =>
  2 * (id.length + (update ? update.occurredAt.length + update.paths.reduce((n, p) => n + p.length + 8, 0) : 0)) + 16 * (update?.aspects.length ?? 0) + 96;

/**
 * Each product's latest UPDATED event, for the product page's "last changed": what this instance
 * wrote, fed by the change recording's `onWritten`, and otherwise what the log keeps beside the
 * product's row (`ChangeLog.lastUpdate`: the Durable Object, Redis), read once and reused for
 * `lookupTtlMs`, so an instance that did not harvest (another isolate, a restart) still says it.
 * Both maps are bounded in bytes (least recently used dropped first).
 */
export class LastUpdates {
  private readonly map: BoundedMap<string, LastUpdate>;
  private readonly lookedUp: BoundedMap<string, { update: LastUpdate | null; at: number }>;
  private readonly log: ChangeLog | undefined;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: LastUpdatesOptions | number = {}) {
    const o = typeof options === 'number' ? { maxBytes: options } : options;
    this.log = o.log;
    this.ttlMs = o.lookupTtlMs ?? DEFAULT_LOOKUP_TTL_MS;
    this.now = o.now ?? Date.now;
    this.map = new BoundedMap<string, LastUpdate>({ maxBytes: o.maxBytes ?? DEFAULT_LAST_UPDATE_BYTES, sizeOf: sizeOfUpdate });
    this.lookedUp = new BoundedMap({ maxBytes: o.maxLookedUpBytes ?? DEFAULT_LOOKED_UP_BYTES, sizeOf: (entry, id) => sizeOfUpdate(entry.update, id) + 16 });
  }

  /** Notes what a write added to the log: each UPDATED event replaces its product's entry, a REMOVED clears it. */
  note(written: readonly ProductChange[]): void {
    for (const change of written) {
      const update = lastUpdateOf(change);
      if (update === undefined) continue;
      this.lookedUp.delete(change.productId);
      if (update === null) this.map.delete(change.productId);
      else this.map.set(change.productId, update);
    }
  }

  /** The product's latest UPDATED event this instance wrote, if it still holds it. */
  of(productId: string): LastUpdate | undefined {
    return this.map.peek(productId);
  }

  /**
   * The product's latest UPDATED event: what this instance wrote, else what the log keeps (read
   * at most once per `lookupTtlMs`). Null when there is none, or the log cannot say (a store
   * without `lastUpdate`, or a read that failed: the page then says nothing rather than guess).
   */
  async lookup(productId: string, economy: string): Promise<LastUpdate | null> {
    const mine = this.map.peek(productId);
    if (mine) return mine;
    if (!this.log?.lastUpdate) return null;
    const known = this.lookedUp.peek(productId);
    const now = this.now();
    if (known && now - known.at < this.ttlMs) return known.update;
    let update: LastUpdate | null;
    try {
      update = await this.log.lastUpdate(productId, economy);
    } catch {
      return known?.update ?? null;
    }
    // A write noted meanwhile is newer than what was read.
    if (this.map.peek(productId)) return this.map.peek(productId)!;
    this.lookedUp.set(productId, { update, at: now });
    return update;
  }
}

const instances = new WeakMap<ChangeLog, LastUpdates>();

/** The instance's one LastUpdates for a log, made on first use (as `tailOf` is): the recording feeds it, the pages read it. */
export function lastUpdatesOf(log: ChangeLog): LastUpdates {
  let found = instances.get(log);
  if (!found) instances.set(log, (found = new LastUpdates({ log })));
  return found;
}
