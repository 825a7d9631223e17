import type { ChangeLog, ChangePage } from '../../changes/change-log';
import { CursorExpiredError, InvalidCursorError } from '../../changes/errors';
import { cloudEventEnds } from '../../changes/event';
import type { GatewayServices } from '../../graphql/context';
import { documentTexts } from '../../jsonld/document-texts';
import { Utf8Writer } from '../../encoding/utf8-writer';
import { errorResponse } from '../middleware/error-response';
import { respond, type Timings } from '../middleware/request-context';
import { type ChangeQuery, ChangeQueryError, matchesDestinations, parseChangeQuery } from './change-query';
import type { GatewayHono } from './env';
import { PagesAhead } from './pages-ahead';

/** A page of `/changes` made ahead: its answer's bytes, where it ends, and what it was built from. */
interface PageAhead {
  body: Uint8Array<ArrayBuffer>;
  next: string;
  hasMore: boolean;
  /** It holds as many events as asked for (a reader catching up), so the page after it is worth making too. */
  full: boolean;
  /** The index and rates it was built with: served only while they are still the instance's. */
  stamp: string;
}

/** The key of a page of one request's parameters after a cursor. */
type KeyOf = (after: string | null) => string;

export interface ChangesRoutesOptions extends Pick<GatewayServices, 'federation' | 'rates' | 'origin'> {
  changes: ChangeLog;
  timings: Timings;
  /**
   * Builds the page after a full one while its reader parses it (PagesAhead). Off on Workers, where
   * a request cannot await what another began. @default true
   */
  readAhead?: boolean;
}

/**
 * `GET /changes`: the change feed, oldest first, as CloudEvents 1.0 JSON objects (docs/contract.md,
 * "Keeping in sync"): `{ data, next, hasMore }`; each event's `data.product` is the product's
 * JSON-LD document as it stands now (null once removed). A cursor past the retention answers 410
 * CURSOR_EXPIRED; a malformed one, or a bad filter, 400.
 */
export function changesRoutes(app: GatewayHono, { changes, federation, rates, origin, timings, readAhead = true }: ChangesRoutesOptions): void {
  // Pages made ahead (their bytes, served while their index and rates are current), and log reads
  // made ahead of those (so a page's making does not wait on the log either).
  const pages = readAhead ? new PagesAhead<PageAhead>({ maxBytes: 16 * 1024 * 1024, pendingBytes: 1024 * 1024, sizeOf: (p) => p.body.byteLength }) : undefined;
  const reads = readAhead
    ? // A read's bytes as its store tells them (the Redis log); the memory log's pages share its events, a cursor each.
      new PagesAhead<ChangePage>({ maxBytes: 8 * 1024 * 1024, pendingBytes: 512 * 1024, sizeOf: (p) => p.bytes ?? 256 * p.entries.length })
    : undefined;
  /** What a page's answer is built from besides its query: the index's version and the rates. */
  const stampNow = async () => {
    const index = federation.warmIndex() ?? (await federation.index());
    const current = rates();
    return { index, rates: current, stamp: `${index.version}\u0000${current.asOf}\u0000${current.source}` };
  };
  /** The log's page after `query.after`: read ahead when it was full (else read again: more may have come since). */
  const readLog = async (query: ChangeQuery, keyOf: KeyOf): Promise<ChangePage> => {
    const ahead = await reads?.take(keyOf(query.after));
    const page = ahead && ahead.entries.length >= query.limit ? ahead : await changes.read({ after: query.after, limit: query.limit, filter: query.filter });
    if (reads && page.hasMore && page.entries.length >= query.limit) {
      reads.start(keyOf(page.next), () => changes.read({ after: page.next, limit: query.limit, filter: query.filter }));
    }
    return page;
  };
  const buildPage = async (query: ChangeQuery, pageOrigin: string, keyOf: KeyOf): Promise<PageAhead> => {
    const page = await readLog(query, keyOf);
    const entries = page.entries.filter((e) => matchesDestinations(e.change, query.destinations));
    const { index, rates: current, stamp } = await stampNow();
    const live = entries.flatMap((e) => (e.change.type === 'REMOVED' ? [] : [e.change.productId]));
    const texts = await documentTexts.of(index, live, { origin: pageOrigin, rates: current });
    // The answer put together from each event's text (the document spliced in as it was built), as
    // bytes, encoded text by text: a string body is measured for Content-Length and encoded again.
    const body = new Utf8Writer(1024 * 1024);
    body.write('{"data":[');
    entries.forEach(({ change }, i) => {
      const [head, tail] = cloudEventEnds(change);
      body.write(i > 0 ? `,${head}` : head);
      body.write((change.type !== 'REMOVED' && texts.get(change.productId)) || 'null');
      body.write(tail);
    });
    body.write(`],"next":${JSON.stringify(page.next)},"hasMore":${page.hasMore}}`);
    return { body: body.finish(), next: page.next, hasMore: page.hasMore, full: page.entries.length >= query.limit, stamp };
  };
  /** The key of a page of this request's parameters after a cursor: every parameter but `after`, and `after`. */
  const keysOf = (url: URL): KeyOf => {
    const params = new URLSearchParams(url.searchParams);
    params.delete('after');
    params.sort();
    const rest = params.toString();
    return (after) => `${after ?? ''}\u0000${rest}`;
  };

  app.get('/changes', async (c) => {
    const url = new URL(c.req.url);
    let query: ChangeQuery;
    try {
      query = parseChangeQuery(url);
    } catch (error) {
      if (error instanceof ChangeQueryError) return errorResponse(c, { status: 400, code: 'BAD_USER_INPUT', message: error.message, timings });
      throw error;
    }
    const pageOrigin = origin.of(c.req.url);
    const keyOf = keysOf(url);
    const pageKey = (after: string | null) => `${pageOrigin}\u0000${keyOf(after)}`;
    let page: PageAhead | null = null;
    try {
      const ahead = await pages?.take(pageKey(query.after));
      page = ahead && ahead.stamp === (await stampNow()).stamp ? ahead : await buildPage(query, pageOrigin, keyOf);
    } catch (error) {
      if (error instanceof CursorExpiredError) return errorResponse(c, { status: 410, code: 'CURSOR_EXPIRED', message: error.message, timings });
      if (error instanceof InvalidCursorError) return errorResponse(c, { status: 400, code: 'BAD_USER_INPUT', message: error.message, timings });
      throw error;
    }
    if (pages && page.full && page.hasMore) {
      const next = { ...query, after: page.next };
      pages.start(pageKey(page.next), () => buildPage(next, pageOrigin, keyOf));
    }
    return respond(c, { body: page.body, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, timings });
  });
}
