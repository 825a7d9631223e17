import type { Context, MiddlewareHandler } from 'hono';
import { corsHeaders, withCors } from './cors';
import type { HeaderReader } from './header';
import type { RequestRecord } from '../../observability/request-record';

export type RequestVariables = { requestId: string; startedAt: number; record: RequestRecord };

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;
const STAMPED = Symbol('stamped');

/** Server-Timing entries of the connectors' last harvests. */
export type Timings = () => string;

/**
 * Gives every request an id (the caller's X-Request-Id when well formed, else a new one), answers
 * it in X-Request-Id, and reports the time taken in Server-Timing, with each connector's last
 * harvest time. Answers built with `respond` already carry both and are left as they are, which
 * keeps them on the Node adapter's fast path.
 */
export function requestContext(timings: Timings, header: HeaderReader): MiddlewareHandler<{ Variables: RequestVariables }> {
  return async (c, next) => {
    const incoming = header(c, 'x-request-id');
    c.set('requestId', incoming && INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID());
    c.set('startedAt', performance.now());
    await next();
    if ((c.res as unknown as Record<symbol, boolean>)[STAMPED]) return;
    for (const [name, value] of Object.entries(traceHeaders(c, timings))) c.res.headers.set(name, value);
  };
}

/** X-Request-Id and Server-Timing for the answer to this request. */
function traceHeaders(c: Context<{ Variables: RequestVariables }>, timings: Timings): Record<string, string> {
  const connectors = timings();
  const total = `total;dur=${(performance.now() - c.get('startedAt')).toFixed(1)}`;
  return { 'x-request-id': c.get('requestId'), 'server-timing': connectors ? `${total}, ${connectors}` : total };
}

/** What `respond` answers. */
export interface Answer {
  /** The body; null for a 304 or a 204. */
  body: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null;
  /** @default 200 */
  status?: number;
  /** The answer's own headers; request id, Server-Timing and CORS are added. */
  headers: Record<string, string>;
  /** The connectors' harvest timings, for Server-Timing. */
  timings: Timings;
}

/**
 * An answer with every header set at once (request id, timing and CORS included): what hot paths
 * (cached answers, JSON-LD, health) return, and long-lived streams, which then keep no Headers
 * object each. The options object is the caller's literal, read once.
 */
export function respond(c: Context, { body, status = 200, headers, timings }: Answer): Response {
  const cors = corsHeaders(c);
  // Object.assign, not spreads: Node 20's V8 copies a literal's later spreads property by property in its runtime.
  const all = Object.assign({}, headers, traceHeaders(c as Context<{ Variables: RequestVariables }>, timings), cors);
  const response = new Response(body, { status, headers: all });
  (response as unknown as Record<symbol, boolean>)[STAMPED] = true;
  return cors ? withCors(response) : response;
}
