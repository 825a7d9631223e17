import { CatalogueError } from './errors';

/** Records mapped between two turns of the event loop. */
const YIELD_EVERY = 250;

/** One page of a source: its records, and where the next page is (undefined: there is none; a paged source says so at its first empty page). */
export interface SourcePage<P> {
  records: unknown[];
  next: P | undefined;
  /** The page's size in bytes as fetched, counted against `maxBytes`. */
  bytes?: number;
}

/** Where a paged read stands between two pages: what a harvest that spans invocations goes on from (`ReadPagesOptions.resume`). */
export interface PagesProgress<P> {
  /** Where the next page is. */
  next: P;
  /** Pages read so far. */
  pages: number;
  /** Bytes read so far (counted against `maxBytes`). */
  bytes: number;
}

export interface ReadPagesOptions<P> {
  /** Where the first page is: a page number or a cursor (undefined for a cursor source's first page). */
  first: P;
  /** Reads one page; `n` counts from 1 for messages. */
  fetchPage: (position: P, n: number) => Promise<SourcePage<P>>;
  /** Takes each record as its page arrives, so the raw records of a whole catalogue are never alive at once. */
  onRecord: (record: unknown) => void;
  /** Stop after this many records (a dry run reads a sample). */
  limit?: number;
  /** Stop after this many pages, as `limit` does (a sample, not a truncation). */
  samplePages?: number;
  /** Most pages one harvest reads: a runaway paginator cannot keep a harvest going forever. */
  maxPages: number;
  /** Awaited at each yield (see `HarvestOptions.pace`). */
  pace?: () => Promise<void>;
  /** Most bytes one harvest reads over all its pages: the page that passes it is not read. @default Infinity */
  maxBytes?: number;
  /** Asked after each record: a reason to stop (the collector's caps on records and quarantine), or undefined. */
  stopped?: () => string | undefined;
  /**
   * Goes on from where an earlier read stopped (its last `onPage`) instead of `first`: the pages and
   * bytes it read count towards `maxPages` and `maxBytes`. The cursors it saw are not known, so a
   * cursor that comes back across a resumption is caught by `maxPages` alone.
   */
  resume?: PagesProgress<P>;
  /**
   * Awaited after each page whose records were all handed on, when another page follows: a
   * checkpoint of the harvest (the next page is read once it resolves).
   */
  onPage?: (progress: PagesProgress<P>) => Promise<void>;
}

export interface PagesRead {
  pages: number;
  /** Set when the cap stopped the harvest while the source still had pages: what was read is kept. */
  truncated?: string;
}

/**
 * The one pagination loop of every connector (page numbers and cursors alike): reads pages one
 * after another, hands each record on, and stops where the source says it ends,
 * at `limit` records, or at a cap (`maxPages`, `maxBytes`, or what `stopped` says). A cap keeps
 * every page already read and reports the truncation instead of throwing them away. A cursor that comes back is a broken source (an error).
 */
export async function readPages<P>(options: ReadPagesOptions<P>): Promise<PagesRead> {
  const { fetchPage, onRecord, maxPages, stopped } = options;
  const limit = options.limit ?? Infinity;
  const maxBytes = options.maxBytes ?? Infinity;
  let bytes = options.resume?.bytes ?? 0;
  const seen = new Set<string>();
  let position: P | undefined = options.resume ? options.resume.next : options.first;
  let read = 0;
  let pages = options.resume?.pages ?? 0;
  while (pages < maxPages) {
    let page: SourcePage<P>;
    try {
      page = await fetchPage(position as P, pages + 1);
    } catch (error) {
      // A page after the first that cannot be read keeps the pages before it: truncated, not lost.
      if (pages === 0 || !(error instanceof CatalogueError)) throw error;
      return { pages, truncated: `page ${pages + 1} could not be read (${error.message}): the products of the ${pages} page(s) before it are served` };
    }
    pages++;
    bytes += page.bytes ?? 0;
    if (bytes > maxBytes) {
      return {
        pages,
        truncated: `harvest truncated at the cap of ${maxBytes} bytes (the source may have more): the products of the pages before it are served`,
      };
    }
    for (const record of page.records) {
      if (read >= limit) return { pages };
      onRecord(record);
      read++;
      const reason = stopped?.();
      if (reason) return { pages, truncated: reason };
      // Mapping is CPU work: let requests, and the other harvests' page downloads, through now and then.
      if (read % YIELD_EVERY === 0) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        await options.pace?.();
      }
    }
    if (page.next === undefined || read >= limit || pages >= (options.samplePages ?? Infinity)) return { pages };
    const key = JSON.stringify(page.next);
    if (seen.has(key)) throw new CatalogueError('a pagination cursor came back twice');
    seen.add(key);
    position = page.next;
    await options.onPage?.({ next: page.next, pages, bytes });
  }
  return { pages, truncated: `harvest truncated at the cap of ${maxPages} pages (the source may have more): the products of those pages are served` };
}
