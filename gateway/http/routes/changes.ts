import type { ChangeLog } from '../../changes/change-log';
import { CursorExpiredError, InvalidCursorError } from '../../changes/errors';
import { cloudEventText } from '../../changes/event';
import type { GatewayServices } from '../../graphql/context';
import { documentTexts } from '../../jsonld/document-texts';
import { errorResponse } from '../middleware/error-response';
import { respond, type Timings } from '../middleware/request-context';
import { ChangeQueryError, matchesDestinations, parseChangeQuery } from './change-query';
import type { GatewayHono } from './env';

const encoder = new TextEncoder();

export interface ChangesRoutesOptions extends Pick<GatewayServices, 'federation' | 'rates' | 'origin'> {
  changes: ChangeLog;
  timings: Timings;
}

/**
 * `GET /changes`: the change feed, oldest first, as CloudEvents 1.0 JSON objects (docs/contract.md,
 * "Keeping in sync"): `{ data, next, hasMore }`; each event's `data.product` is the product's
 * JSON-LD document as it stands now (null once removed). A cursor past the retention answers 410
 * CURSOR_EXPIRED; a malformed one, or a bad filter, 400.
 */
export function changesRoutes(app: GatewayHono, { changes, federation, rates, origin, timings }: ChangesRoutesOptions): void {
  app.get('/changes', async (c) => {
    const url = new URL(c.req.url);
    let query: ReturnType<typeof parseChangeQuery>;
    try {
      query = parseChangeQuery(url);
    } catch (error) {
      if (error instanceof ChangeQueryError) return errorResponse(c, { status: 400, code: 'BAD_USER_INPUT', message: error.message, timings });
      throw error;
    }
    let page: Awaited<ReturnType<ChangeLog['read']>>;
    try {
      page = await changes.read({ after: query.after, limit: query.limit, filter: query.filter });
    } catch (error) {
      if (error instanceof CursorExpiredError) return errorResponse(c, { status: 410, code: 'CURSOR_EXPIRED', message: error.message, timings });
      if (error instanceof InvalidCursorError) return errorResponse(c, { status: 400, code: 'BAD_USER_INPUT', message: error.message, timings });
      throw error;
    }
    const entries = page.entries.filter((e) => matchesDestinations(e.change, query.destinations));
    const index = federation.warmIndex() ?? (await federation.index());
    const live = entries.flatMap((e) => (e.change.type === 'REMOVED' ? [] : [e.change.productId]));
    const texts = await documentTexts.of(index, live, { origin: origin.of(c.req.url), rates: rates() });
    // The answer's text put together from each event's (the document spliced in as it was built), one string.
    let data = '';
    for (const { change } of entries) data += `${data ? ',' : ''}${cloudEventText(change, texts.get(change.productId) ?? null)}`;
    // Bytes, encoded once: a string body is measured for Content-Length and then encoded again to be written.
    const body = encoder.encode(`{"data":[${data}],"next":${JSON.stringify(page.next)},"hasMore":${page.hasMore}}`);
    return respond(c, { body, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, timings });
  });
}
