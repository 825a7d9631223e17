import type { MiddlewareHandler } from 'hono';
import type { ResponseCache } from '../../graphql/plugins/use-response-cache';
import type { HeaderReader } from './header';
import type { RequestRecord } from './observe';
import { respond, type Timings } from './request-context';

/** Bodies larger than this are left to yoga without a look-up. */
const MAX_LOOKUP_BODY = 64 * 1024;

/** What the GraphQL route hands yoga: the body's JSON object, when the body was read here. */
export type GraphQLBodyVariables = { graphqlParams?: Record<string, unknown>; cacheKey?: string; record?: RequestRecord };

/**
 * The GraphQL route's body reader and the response cache's fast path in front of yoga, for the
 * common case: a POST with `Content-Type: application/json` (what yoga's JSON parser accepts). It
 * reads the body once. Without Authorization it keys the body exactly as the yoga plugin does,
 * and answers only with what the plugin stored, which it stored only after deciding on the parsed
 * operation that it is a query. Anything else, a miss included, goes to yoga: a JSON object as
 * `graphqlParams` (yoga takes it as parsed, see usePreparsedParams) with its `cacheKey` when it
 * was keyed (the yoga plugin does not key it again), any other body as a request
 * of its own for yoga to refuse as it always does. It exists because yoga's own request pipeline
 * costs several times more than a stored answer does, and re-reading a body through Web streams
 * costs more than the JSON.parse it feeds.
 */
export function cachedGraphQL(cache: ResponseCache, timings: Timings, header: HeaderReader): MiddlewareHandler<{ Variables: GraphQLBodyVariables }> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const contentType = header(c, 'content-type')?.split(',')[0];
    if (contentType !== 'application/json' && !contentType?.startsWith('application/json;')) return next();
    // Read once: Request.clone() tees the stream and costs more than the whole cached answer.
    const req = c.req.raw;
    const body = await c.req.text();
    let parsed: { value: unknown } | undefined;
    const json = () => (parsed ??= { value: parseJson(body) }).value;
    if (cache.enabled && body.length <= MAX_LOOKUP_BODY && header(c, 'authorization') === undefined) {
      const key = cache.bodyKey(body, { accept: header(c, 'accept') ?? '', acceptLanguage: header(c, 'accept-language') ?? '' }, json);
      const known = typeof key === 'string' ? key : await key;
      const hit = known === undefined ? undefined : cache.get(known);
      if (known !== undefined) c.set('cacheKey', known);
      if (hit) {
        const record = c.get('record');
        if (record) record.cache = 'hit';
        return respond(c, timings, hit.body, 200, { 'content-type': hit.contentType, 'x-cache': 'hit' });
      }
    }
    const value = json();
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) c.set('graphqlParams', value as Record<string, unknown>);
    else c.req.raw = new Request(req.url, { method: 'POST', headers: req.headers, body });
    return next();
  };
}

/** The body's JSON value; undefined when it is no JSON (yoga answers that). */
function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
