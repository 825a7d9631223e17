import type { MiddlewareHandler } from 'hono';
import type { DirectExecution } from '../../graphql/direct/direct-execution';
import { isRecord, parseJson } from '../../graphql/endpoint/params';
import type { ResponseCache } from '../../graphql/plugins/use-response-cache';
import type { HeaderReader } from './header';
import type { RequestRecord } from '../../observability/request-record';
import { respond, type Timings } from './request-context';
import type { PersistedDocuments } from '../../graphql/endpoint/yoga';
import { apqHash, persistedQueryOf, withoutPersistedQuery } from '../../graphql/plugins/use-automatic-persisted-queries';
import { matchesIfNoneMatch, weakEtag } from './etag';
import { appendVary } from './cors';

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
  /** Persisted documents, as yoga's plugins run them: the fast path resolves ids and hashes the same way. */
  persisted?: PersistedDocuments;
  /** The version of the state answers depend on (the response cache's): anonymous GET answers' ETag follows it. */
  version?: () => string | Promise<string>;
  /** `max-age` of an anonymous GET answer (GRAPHQL_CACHE_SECONDS). @default 60 */
  cacheSeconds?: number;
}

/** What an anonymous GET answer varies on (CORS adds Origin where origins are listed). */
const VARY = 'Accept, Accept-Language, Authorization';
const PRIVATE = 'private, no-store';

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
  const { cache, direct, timings, header, persisted } = options;
  const publicCache = `public, max-age=${options.cacheSeconds ?? 60}`;
  const required = persisted?.required ?? false;
  // Not async itself: the common case (an anonymous POST) returns fastPath's own promise, with no
  // promise of its own to wait on it.
  return (c, next) => {
    const method = c.req.method;
    if (method === 'GET') return httpCaching(c, next);
    if (method !== 'POST') return next();
    if (header(c, 'authorization') !== undefined) return privateAnswer(c, next);
    return fastPath(c, next, true);
  };

  /** An authenticated POST: the fast path without the cache, and an answer no shared cache keeps. */
  async function privateAnswer(c: Parameters<MiddlewareHandler<{ Variables: GraphQLBodyVariables }>>[0], next: () => Promise<void>) {
    // An answer made here is returned; one from yoga is already the context's (next() resolves to the context).
    const answered = await fastPath(c, next, false);
    if (answered instanceof Response) c.res = answered;
    setHeader(c, 'cache-control', PRIVATE);
    return c.res;
  }

  /**
   * GET: an anonymous query's answer is public for `cacheSeconds`, tagged by the state version and
   * what else it depends on (URL, Accept, Accept-Language), and a matching If-None-Match gets 304
   * before anything runs. Only answers the response cache found cacheable (a query, no error:
   * `x-cache` says so) are made public. An authenticated answer is private.
   */
  async function httpCaching(c: Parameters<MiddlewareHandler<{ Variables: GraphQLBodyVariables }>>[0], next: () => Promise<void>) {
    if (header(c, 'authorization') !== undefined) {
      await next();
      setHeader(c, 'cache-control', PRIVATE);
      return;
    }
    const accept = header(c, 'accept') ?? '';
    if (!options.version || accept.includes('text/html')) return next();
    const url = c.req.url;
    const version = await options.version();
    const etag = weakEtag(`${version}\n${url.slice(url.indexOf('/', url.indexOf('//') + 2))}\n${accept}\n${header(c, 'accept-language') ?? ''}`);
    const headers = { etag, 'cache-control': publicCache };
    if (matchesIfNoneMatch(header(c, 'if-none-match'), etag)) {
      const notModified = respond(c, { body: null, status: 304, headers, timings });
      appendVary(notModified.headers, VARY);
      return notModified;
    }
    await next();
    const res = c.res;
    if (res.status !== 200 || !res.headers.get('x-cache') || !res.headers.get('content-type')?.includes('json')) return;
    for (const [name, value] of Object.entries(headers)) setHeader(c, name, value);
    setHeader(c, 'vary', VARY);
  }

  async function fastPath(c: Parameters<MiddlewareHandler<{ Variables: GraphQLBodyVariables }>>[0], next: () => Promise<void>, anonymous: boolean) {
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
    // A text is answered from the cache only where texts may run.
    if (cache.enabled && !required && body.length <= MAX_LOOKUP_BODY && anonymous) {
      const known = cache.bodyKey(body, { accept, acceptLanguage: acceptLanguage ?? '', origin: cache.originKey(req.url) }, json);
      key = typeof known === 'string' || known === undefined ? known : await known;
      const hit = key === undefined ? undefined : cache.get(key);
      if (hit) {
        if (record) record.cache = 'hit';
        return respond(c, { body: hit.body, headers: { 'content-type': hit.contentType, 'x-cache': 'hit' }, timings });
      }
    }
    const value = json();
    if (!isRecord(value)) {
      c.req.raw = new Request(req.url, { method: 'POST', headers: req.headers, body });
      return next();
    }
    let params = value;
    if (persisted && key === undefined) {
      const resolved = resolvePersisted(value, persisted);
      if (resolved === undefined) {
        // Yoga's plugins answer it: an unknown id or hash, a text to check against its hash, a text refused.
        c.set('graphqlParams', value);
        return next();
      }
      params = resolved;
      const cacheParams = resolved !== value && cache.enabled && anonymous ? cache.params(resolved) : undefined;
      if (cacheParams && cache.mayCache(cacheParams)) {
        key = await cache.key(cacheParams, { accept, acceptLanguage: acceptLanguage ?? '', origin: cache.originKey(req.url) });
        const hit = cache.get(key);
        if (hit) {
          if (record) record.cache = 'hit';
          return respond(c, { body: hit.body, headers: { 'content-type': hit.contentType, 'x-cache': 'hit' }, timings });
        }
      }
    }
    const answer = await direct.answer({ params, request: req, requestId: c.get('requestId'), accept, acceptLanguage, record, cacheKey: key });
    if (answer) {
      const headers: Record<string, string> = { 'content-type': answer.contentType };
      if (answer.cache) {
        headers['x-cache'] = answer.cache;
        if (record) record.cache = answer.cache;
      }
      return respond(c, { body: answer.body, headers, timings });
    }
    // Yoga gets the body as it came: its own plugins resolve an id or a hash to the same document.
    c.set('graphqlParams', value);
    if (key !== undefined) c.set('cacheKey', key);
    return next();
  }
}

/** Sets a header on the route's answer, copying it first when its headers are immutable. */
function setHeader(c: { res: Response }, name: string, value: string): void {
  const set = (headers: Headers) => (name === 'vary' ? appendVary(headers, value) : headers.set(name, value));
  try {
    set(c.res.headers);
  } catch {
    const old = c.res;
    const copy = new Response(old.body, old);
    set(copy.headers);
    // Hono copies an old answer's headers over a new one's: start afresh so the new value stays.
    c.res = undefined as unknown as Response;
    c.res = copy;
  }
}

/**
 * The parameters a body stands for, as yoga's persisted documents plugins would make them: a
 * trusted `documentId` or a learned APQ hash becomes its document's text (the extension taken out),
 * so the response cache and direct execution key and run the document the id names. Undefined when
 * only yoga may answer: an unknown id or hash, a text with its hash (to be checked), a text while
 * trusted documents are required.
 */
export function resolvePersisted(value: Record<string, unknown>, persisted: PersistedDocuments): Record<string, unknown> | undefined {
  const { documentId, query, operationName, variables, extensions } = value;
  if (documentId !== undefined && documentId !== null) {
    if (typeof documentId !== 'string' || query != null || extensions != null) return undefined;
    const text = persisted.trusted.get(documentId);
    return text === undefined ? undefined : { query: text, operationName, variables };
  }
  const pq = persistedQueryOf(extensions);
  if (pq) {
    if (persisted.required || !persisted.learned || query != null) return undefined;
    let hash: string;
    try {
      hash = apqHash(pq);
    } catch {
      return undefined;
    }
    const text = persisted.learned.peek(hash);
    if (text === undefined) return undefined;
    const rest = withoutPersistedQuery(extensions as Record<string, unknown>);
    return rest ? { query: text, operationName, variables, extensions: rest } : { query: text, operationName, variables };
  }
  return persisted.required ? undefined : value;
}
