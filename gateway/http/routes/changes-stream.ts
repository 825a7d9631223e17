import type { ChangeEntry } from '../../changes/change-log';
import { CursorExpiredError, InvalidCursorError } from '../../changes/errors';
import { CLOUD_EVENT_TYPES, cloudEventText } from '../../changes/event';
import type { ChangeFilter } from '../../changes/filter';
import { type ChangeFollower, type ChangeTail, TooManyFollowersError } from '../../changes/tail';
import type { GatewayServices } from '../../graphql/context';
import { BoundedMap } from '../../collections/bounded-map';
import { documentTexts } from '../../jsonld/document-texts';
import { requestCurrency } from '../../money/currency';
import { errorResponse } from '../middleware/error-response';
import { respond, type Timings } from '../middleware/request-context';
import { ChangeStreamSource, type EventText } from './change-stream-source';
import { type Heartbeat, OwnHeartbeats, SharedHeartbeat } from './heartbeat';
import { ChangeQueryError, parseChangeQuery } from './change-query';
import type { GatewayHono } from './env';

export interface ChangeStreamOptions extends Pick<GatewayServices, 'federation' | 'rates' | 'origin'> {
  /** The instance's one tail of the change log (it holds the log). */
  tail: ChangeTail;
  timings: Timings;
  /** How often an idle stream sends a comment line, so proxies keep it open. @default 15000 */
  heartbeatMs?: number;
  /** Bytes of changes one stream may hold unsent before it is dropped as a slow reader. @default 1048576 */
  maxBufferedBytes?: number;
}

/** The CloudEvents type of a change, the stream's `event:`. */
const toCloudEventType = (change: ChangeEntry['change']) => CLOUD_EVENT_TYPES[change.type];

/**
 * An event's `data:` text as this instance's streams send it, by event, origin, currency, index and
 * rates: a thousand streams taking one new event format it once, not a thousand times. Pending
 * texts count 1 KiB until they are known. Bounded in bytes.
 */
const formatted = new BoundedMap<string, string | Promise<string>>({
  maxEntries: 512,
  maxBytes: 8 * 1024 * 1024,
  sizeOf: (text, key) => 2 * key.length + (typeof text === 'string' ? 2 * text.length : 1024),
});

/**
 * `GET /changes/stream`: the change feed as Server-Sent Events (docs/contract.md, "Keeping in
 * sync"). Each event is `id: <cursor>`, `event: <CloudEvents type>`, `data: <CloudEvent JSON>`;
 * it resumes after `Last-Event-ID` (or `after`), and with neither starts at the head (live only).
 * The same filters as `/changes`. Streams share the instance's tail; past its cap the answer is 503.
 */
export function changeStreamRoute(app: GatewayHono, options: ChangeStreamOptions): void {
  const { tail, federation, rates: currentRates, timings, heartbeatMs = 15_000 } = options;
  // Workers (the tail reads per follower): a request's timers are its own, and a reader that goes
  // away ends the request without cancelling its body, so each stream beats itself and listens to
  // its request's signal. Node: one timer beats for every stream, and the body's cancel lets go.
  const perRequest = tail.perFollower;
  const heartbeat: Heartbeat = perRequest ? new OwnHeartbeats(heartbeatMs) : new SharedHeartbeat(heartbeatMs);
  /** An event's text, formatted once for every stream of the same audience (see `formatted`). */
  const text: EventText = async ({ cursor, change }, { origin, currency }) => {
    const index = federation.warmIndex() ?? (await federation.index());
    const rates = currentRates();
    const key = `${change.id}\u0000${origin}\u0000${currency ?? ''}\u0000${index.version}\u0000${rates.asOf}\u0000${rates.source}`;
    let data = formatted.get(key);
    if (data === undefined) {
      const pending = (async () => {
        if (change.type === 'REMOVED') return cloudEventText(change, null);
        const texts = await documentTexts.of(index, [change.productId], { origin, currency, rates });
        return cloudEventText(change, texts.get(change.productId) ?? null);
      })();
      formatted.set(key, pending);
      pending.then(
        (done) => formatted.get(key) === pending && formatted.set(key, done),
        () => formatted.delete(key),
      );
      data = pending;
    }
    return `id: ${cursor}\nevent: ${toCloudEventType(change)}\ndata: ${await data}\n\n`;
  };
  app.get('/changes/stream', async (c) => {
    const url = new URL(c.req.url);
    let filter: ChangeFilter | null;
    let currency: string | null;
    try {
      filter = parseChangeQuery(url).filter;
      const asked = url.searchParams.get('currency');
      currency = asked ? requestCurrency(asked, currentRates()) : null;
    } catch (error) {
      if (error instanceof ChangeQueryError || (error instanceof Error && 'extensions' in error))
        return errorResponse(c, { status: 400, code: 'BAD_USER_INPUT', message: error.message, timings });
      throw error;
    }
    const after = c.req.header('last-event-id') || url.searchParams.get('after') || null;
    let follower: ChangeFollower;
    try {
      follower = await tail.follow({ after, filter, maxBytes: options.maxBufferedBytes });
    } catch (error) {
      if (error instanceof TooManyFollowersError)
        return errorResponse(c, { status: 503, code: 'UNAVAILABLE', message: error.message, headers: { 'retry-after': '5' }, timings });
      if (error instanceof InvalidCursorError) return errorResponse(c, { status: 400, code: 'BAD_USER_INPUT', message: error.message, timings });
      if (error instanceof CursorExpiredError) return errorResponse(c, { status: 410, code: 'CURSOR_EXPIRED', message: error.message, timings });
      throw error;
    }
    const source = new ChangeStreamSource({
      follower,
      origin: options.origin.of(c.req.url),
      currency,
      text,
      heartbeat,
      signal: perRequest ? c.req.raw.signal : undefined,
    });
    // Every header at once (request id, timing, CORS): the middleware then builds no Headers for it.
    return respond(c, {
      // One event at a time: the follower holds what the reader has not taken, within its bound.
      body: new ReadableStream(source, { highWaterMark: 0 }),
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' },
      timings,
    });
  });
}
