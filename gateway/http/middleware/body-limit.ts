import type { MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';
import { errorResponse } from './error-response';
import type { HeaderReader } from './header';
import type { Timings } from './request-context';

/**
 * Refuses bodies over `maxBytes` with 413 PAYLOAD_TOO_LARGE (and a closed connection, since the
 * rest is never read). Decides from the method and Content-Length without touching the body, so
 * the usual request stays on the Node adapter's fast path; a chunked body is counted as it streams.
 */
export function bodyLimit(maxBytes: number, timings: Timings, header: HeaderReader): MiddlewareHandler {
  const tooLarge: Parameters<typeof streamingBodyLimit>[0]['onError'] = (c) =>
    errorResponse(c, {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: `the request body is over ${maxBytes} bytes`,
      headers: { connection: 'close' },
      timings,
    });
  const streaming = streamingBodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = header(c, 'content-length');
    if (length === undefined || header(c, 'transfer-encoding')) return streaming(c, next);
    if (!/^\d+$/.test(length) || Number(length) > maxBytes) return tooLarge(c);
    return next();
  };
}
