import type { ChangeEntry, ChangePage } from './change-log';
import { compareIds, encodeCursor, ORIGIN_ID, type StreamId } from './cursor';
import { CursorExpiredError } from './errors';
import type { ProductChange } from './event';
import { type ChangeFilter, matchesFilter } from './filter';

/**
 * How many entries a read takes from each economy's stream: `limit` when every entry counts, more
 * when a filter may pass over most (at most 1000, so a filtered read that matches little still ends).
 */
export function fetchSize(limit: number, filtered: boolean): number {
  return filtered ? Math.min(1000, Math.max(200, limit * 2)) : limit;
}

/** One economy's stream as a read sees it: its bounds, and the entries after the reader's position. */
export interface StreamView {
  economy: string;
  /** The newest entry dropped (by retention or a bound); null when none was. */
  trimmed: StreamId | null;
  /** The newest id ever written. */
  last: StreamId;
  /** Entries after the reader's position, in order. */
  entries: { id: StreamId; change: ProductChange }[];
  /** True when `entries` holds every entry after the position. */
  complete: boolean;
}

/**
 * Refuses a position the stream cannot serve: one before an entry that was dropped (retention
 * passed it: CursorExpiredError), or one past anything the stream has written (a log that lost its
 * entries, or a restarted memory log: the reader's copy cannot be trusted either).
 */
export function checkPosition(view: Pick<StreamView, 'economy' | 'trimmed' | 'last'>, position: StreamId | undefined): void {
  const at = position ?? ORIGIN_ID;
  if (view.trimmed && compareIds(at, view.trimmed) < 0) throw new CursorExpiredError(view.economy);
  if (compareIds(at, view.last) > 0) throw new CursorExpiredError(view.economy);
}

/**
 * Merges economies' streams in time order (their ids are times; ties go by economy) into a page of
 * at most `limit` matching entries. Each entry read, matching or not, moves its economy's position;
 * the merge stops where a stream's fetched entries end while it has more, so order is never guessed.
 */
export function mergePage(start: ReadonlyMap<string, StreamId>, views: readonly StreamView[], limit: number, filter?: ChangeFilter | null): ChangePage {
  // Positions as one array, a slot per economy in the cursor's (sorted) order: a view's slot moves
  // as the merge takes its entries. An entry's cursor is a copy of the slots, encoded only when read
  // (`/changes` sends none of them, only `next`).
  const names = [...new Set([...start.keys(), ...views.map((v) => v.economy)])].sort();
  const slots: (StreamId | undefined)[] = names.map((name) => start.get(name));
  const slotOf = views.map((v) => names.indexOf(v.economy));
  const next = views.map(() => 0);
  const entries: ChangeEntry[] = [];
  let stopped = false;
  while (entries.length < limit) {
    let pick = -1;
    for (let i = 0; i < views.length; i++) {
      const entry = views[i]!.entries[next[i]!];
      if (!entry) {
        if (!views[i]!.complete) stopped = true;
        continue;
      }
      const best = pick >= 0 ? views[pick]!.entries[next[pick]!]! : undefined;
      if (!best || compareIds(entry.id, best.id) < 0 || (compareIds(entry.id, best.id) === 0 && views[i]!.economy < views[pick]!.economy)) pick = i;
    }
    if (stopped || pick < 0) break;
    const view = views[pick]!;
    const entry = view.entries[next[pick]!]!;
    next[pick]!++;
    slots[slotOf[pick]!] = entry.id;
    if (matchesFilter(entry.change, filter)) entries.push(lazyCursorEntry(entry.change, names, slots.slice()));
  }
  const hasMore = views.some((v, i) => next[i]! < v.entries.length || !v.complete);
  return { entries, next: cursorOfSlots(names, slots), hasMore };
}

/** An entry whose cursor is encoded when first read, then kept (an own property, so a spread copies it). */
function lazyCursorEntry(change: ProductChange, names: readonly string[], slots: readonly (StreamId | undefined)[]): ChangeEntry {
  let cursor: string | undefined;
  return {
    change,
    get cursor() {
      cursor ??= cursorOfSlots(names, slots);
      return cursor;
    },
  };
}

/** The cursor of positions held as sorted names and their slots (an empty slot names no position). */
function cursorOfSlots(names: readonly string[], slots: readonly (StreamId | undefined)[]): string {
  const positions = new Map<string, StreamId>();
  for (let i = 0; i < names.length; i++) if (slots[i] !== undefined) positions.set(names[i]!, slots[i]!);
  return encodeCursor(positions);
}
