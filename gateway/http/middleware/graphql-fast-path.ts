import type { MiddlewareHandler } from 'hono';
import type { DirectExecution } from '../../graphql/direct/direct-execution';
import { isRecord, parseJson } from '../../graphql/endpoint/params';
import type { ResponseCache } from '../../graphql/plugins/use-response-cache';
import type { HeaderReader } from './header';
import type { RequestRecord } from '../../observability/request-record';
import { respond, type Timings } from './request-context';

/** Bodies larger than this are left to yoga without a look-up. */
const MAX_LOOKUP_BODY = 64 * 1024;

/** What the GraphQL route hands yoga: the body's JSON object, when the body was read here. */
export type GraphQLBodyVariables = { graphqlParams?: Record<string, unknown>; cacheKey?: string; record?: RequestRecord; requestId: string };

export interface GraphQLFastPathOptions {
  /** The response cache, shared with yoga's plugin. */
  cache: ResponseCache;
  /** Runs queries yoga has already accepted without yoga. */
  direct: DirectExecution;
  timings: Timings;
  header: HeaderReader;
}

/**
 * The GraphQL route's body reader and fast paths in front of yoga, for the common case: a POST with
 * `Content-Type: application/json` (what yoga's JSON parser accepts). It reads the body once.
 * Without Authorization it keys the body exactly as the response cache plugin does, and answers
 * with what the plugin stored, which it stored only after deciding on the parsed operation that it
 * is a query. A miss goes to direct execution, which answers a query yoga has accepted before as
 * yoga would. Anything else goes to yoga: a JSON object as `graphqlParams` (yoga takes it as parsed,
 * see usePreparsedParams) with its `cacheKey` when it was keyed (the plugin does not key it again),
 * any other body as a request of its own for yoga to refuse as it always does. It exists because
 * yoga's own request pipeline costs several times more than a stored answer, or an execution, does.
 */
export function graphqlFastPath(options: GraphQLFastPathOptions): MiddlewareHandler<{ Variables: GraphQLBodyVariables }> {
  const { cache, direct, timings, header } = options;
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const contentType = header(c, 'content-type')?.split(',')[0];
    if (contentType !== 'application/json' && !contentType?.startsWith('application/json;')) return next();
    // Read once: Request.clone() tees the stream and costs more than the whole cached answer.
    const req = c.req.raw;
    const body = await c.req.text();
    let parsed: { value: unknown } | undefined;
    const json = () => (parsed ??= { value: parseJson(body) }).value;
    const accept = header(c, 'accept') ?? '';
    const acceptLanguage = header(c, 'accept-language') ?? null;
    const record = c.get('record');
    let key: string | undefined;
    if (cache.enabled && body.length <= MAX_LOOKUP_BODY && header(c, 'authorization') === undefined) {
      const known = cache.bodyKey(body, { accept, acceptLanguage: acceptLanguage ?? '', origin: cache.originKey(req.url) }, json);
      key = typeof known === 'string' || known === undefined ? known : await known;
      const hit = key === undefined ? undefined : cache.get(key);
      if (hit) {
        if (record) record.cache = 'hit';
        return respond(c, timings, hit.body, 200, { 'content-type': hit.contentType, 'x-cache': 'hit' });
      }
    }
    const value = json();
    if (!isRecord(value)) {
      c.req.raw = new Request(req.url, { method: 'POST', headers: req.headers, body });
      return next();
    }
    const params = value;
    const answer = await direct.answer({ params, request: req, requestId: c.get('requestId'), accept, acceptLanguage, record, cacheKey: key });
    if (answer) {
      const headers: Record<string, string> = { 'content-type': answer.contentType };
      if (answer.cache) {
        headers['x-cache'] = answer.cache;
        if (record) record.cache = answer.cache;
      }
      return respond(c, timings, answer.body, 200, headers);
    }
    c.set('graphqlParams', params);
    if (key !== undefined) c.set('cacheKey', key);
    return next();
  };
}
