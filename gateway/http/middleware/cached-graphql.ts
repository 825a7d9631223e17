import type { MiddlewareHandler } from 'hono';
import type { ResponseCache } from '../../graphql/plugins/use-response-cache';
import type { HeaderReader } from './header';
import { respond, type Timings } from './request-context';

/** Bodies larger than this are left to yoga without a look-up. */
const MAX_LOOKUP_BODY = 64 * 1024;

/**
 * The response cache's fast path in front of yoga, for the common case: a POST with
 * `Content-Type: application/json` (what yoga's JSON parser accepts) and no Authorization. It
 * reads the body once, keys it exactly as the yoga plugin does, and answers only with what the
 * plugin stored, which it stored only after deciding on the parsed operation that it is a query.
 * Anything else, a miss included, goes to yoga with the body it was given. It exists because
 * yoga's own request pipeline costs several times more than a stored answer does.
 */
export function cachedGraphQL(cache: ResponseCache, timings: Timings, header: HeaderReader): MiddlewareHandler {
  return async (c, next) => {
    if (!cache.enabled || c.req.method !== 'POST' || header(c, 'authorization') !== undefined) return next();
    const contentType = header(c, 'content-type')?.split(',')[0];
    if (contentType !== 'application/json' && !contentType?.startsWith('application/json;')) return next();
    // Read once: Request.clone() tees the stream and costs more than the whole cached answer.
    const req = c.req.raw;
    const body = await c.req.text();
    if (body.length <= MAX_LOOKUP_BODY) {
      const key = cache.bodyKey(body, { accept: header(c, 'accept') ?? '', acceptLanguage: header(c, 'accept-language') ?? '' });
      const hit = key === undefined ? undefined : cache.get(typeof key === 'string' ? key : await key);
      if (hit) return respond(c, timings, hit.body, 200, { 'content-type': hit.contentType, 'x-cache': 'hit' });
    }
    c.req.raw = new Request(req.url, { method: 'POST', headers: req.headers, body });
    return next();
  };
}
