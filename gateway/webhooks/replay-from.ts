import type { ChangeLog } from '../changes/change-log';
import type { ChangeFilter } from '../changes/filter';

/** Pages read at most when looking for a time (500 entries each): the whole retained log of a busy gateway. */
const MAX_PAGES = 10_000;

/**
 * The cursor just before the first event (matching `filter`) that occurred at or after `at`, read
 * forward from the oldest retained entry page by page; the head when none did. The log keeps
 * events in the order written, and a product's occurredAt is its write time, so the first match
 * is where a replay from `at` starts.
 */
export async function cursorAtTime(log: ChangeLog, at: number, filter: ChangeFilter | null): Promise<string> {
  let cursor = await log.oldest();
  if (cursor === null) return log.head();
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page = await log.read({ after: cursor, limit: 500, filter });
    for (const entry of page.entries) {
      if (Date.parse(entry.change.occurredAt) >= at) return cursor;
      cursor = entry.cursor;
    }
    cursor = page.next;
    if (!page.hasMore) return cursor;
  }
  return cursor;
}
