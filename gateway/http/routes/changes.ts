import type { ChangeLog } from '../../changes/change-log';
import { CursorExpiredError, InvalidCursorError } from '../../changes/errors';
import { cloudEventText } from '../../changes/event';
import type { GatewayServices } from '../../graphql/context';
import { documentTexts } from '../../jsonld/document-texts';
import { utf8OfParts } from '../../encoding/utf8-parts';
import { errorResponse } from '../middleware/error-response';
import { respond, type Timings } from '../middleware/request-context';
import { type ChangeQuery, ChangeQueryError, matchesDestinations, parseChangeQuery } from './change-query';
import type { GatewayHono } from './env';
import { type PageAhead, PagesAhead } from './pages-ahead';

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
  const ahead = readAhead ? new PagesAhead() : undefined;
  /** What a page's answer is built from besides its query: the index's version and the rates. */
  const stampNow = async () => {
    const index = federation.warmIndex() ?? (await federation.index());
    const current = rates();
    return { index, rates: current, stamp: `${index.version}\u0000${current.asOf}\u0000${current.source}` };
  };
  const buildPage = async (query: ChangeQuery, pageOrigin: string): Promise<PageAhead> => {
    const page = await changes.read({ after: query.after, limit: query.limit, filter: query.filter });
    const entries = page.entries.filter((e) => matchesDestinations(e.change, query.destinations));
    const { index, rates: current, stamp } = await stampNow();
    const live = entries.flatMap((e) => (e.change.type === 'REMOVED' ? [] : [e.change.productId]));
    const texts = await documentTexts.of(index, live, { origin: pageOrigin, rates: current });
    // The answer put together from each event's text (the document spliced in as it was built), as
    // bytes, encoded text by text: a string body is measured for Content-Length and encoded again.
    const parts = ['{"data":['];
    for (const { change } of entries) parts.push(`${parts.length > 1 ? ',' : ''}${cloudEventText(change, texts.get(change.productId) ?? null)}`);
    parts.push(`],"next":${JSON.stringify(page.next)},"hasMore":${page.hasMore}}`);
    return { body: utf8OfParts(parts), next: page.next, hasMore: page.hasMore, full: page.entries.length >= query.limit, stamp };
  };
  /** The key of a page: the origin and every parameter, `after` as given. */
  const keyOf = (pageOrigin: string, url: URL, after: string | null) => {
    const params = new URLSearchParams(url.searchParams);
    params.delete('after');
    params.sort();
    return `${pageOrigin}\u0000${after ?? ''}\u0000${params}`;
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
    let page: PageAhead | null = null;
    try {
      page = (await ahead?.take(keyOf(pageOrigin, url, query.after), (await stampNow()).stamp)) ?? (await buildPage(query, pageOrigin));
    } catch (error) {
      if (error instanceof CursorExpiredError) return errorResponse(c, { status: 410, code: 'CURSOR_EXPIRED', message: error.message, timings });
      if (error instanceof InvalidCursorError) return errorResponse(c, { status: 400, code: 'BAD_USER_INPUT', message: error.message, timings });
      throw error;
    }
    if (ahead && page.full && page.hasMore) {
      const next = { ...query, after: page.next };
      ahead.start(keyOf(pageOrigin, url, page.next), () => buildPage(next, pageOrigin));
    }
    return respond(c, { body: page.body, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, timings });
  });
}
