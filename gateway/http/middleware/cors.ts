import type { Context, MiddlewareHandler } from 'hono';
import type { HeaderReader } from './header';

export interface CorsOptions {
  /** `*`: any origin; a list: those origins only, reflected with `Vary: Origin`. */
  origins: '*' | readonly string[];
  /** How long a browser may keep a preflight's answer. Default 7200 s (Chromium's own cap). */
  maxAgeSeconds?: number;
  /** Request headers allowed beyond {@link CORS_ALLOW_HEADERS} (CORS_ALLOW_HEADERS in the environment), lower case. */
  allowHeaders?: readonly string[];
  header: HeaderReader;
}

/** Request headers a cross-origin page may send by default (docs/contract.md), Apollo Client's client awareness included. */
export const CORS_ALLOW_HEADERS = [
  'accept',
  'accept-language',
  'authorization',
  'content-type',
  'traceparent',
  'tracestate',
  'x-request-id',
  'apollographql-client-name',
  'apollographql-client-version',
  'apollo-require-preflight',
] as const;
/** Answer headers a cross-origin page may read (beyond the CORS-safelisted ones). */
export const CORS_EXPOSE_HEADERS = ['x-request-id', 'server-timing', 'x-cache', 'retry-after', 'content-language', 'x-changes-cursor'] as const;
const ALLOW_METHODS = 'GET, HEAD, POST, OPTIONS';
const CORS = Symbol('cors');

/**
 * CORS for every route, done once at the HTTP layer (yoga's own is off). Preflights (`OPTIONS`)
 * are answered 204 here with the allowed methods, headers and a max-age, whatever the route.
 * Other answers get their headers before the route runs, in `corsHeaders(c)`, so answers built
 * with every header at once (cached GraphQL answers, JSON-LD) carry exactly what fresh ones do;
 * the rest get them once the route has answered. Credentials are never allowed.
 */
export function cors(options: CorsOptions): MiddlewareHandler {
  const any = options.origins === '*';
  const listed = new Set(any ? [] : options.origins);
  const maxAge = String(options.maxAgeSeconds ?? 7200);
  const expose = CORS_EXPOSE_HEADERS.join(', ');
  const allowHeaders = [...new Set([...CORS_ALLOW_HEADERS, ...(options.allowHeaders ?? []).map((h) => h.toLowerCase())])].join(', ');
  const forAny: Record<string, string> = { 'access-control-allow-origin': '*', 'access-control-expose-headers': expose };
  const forUnlisted: Record<string, string> = { vary: 'Origin' };

  const headersFor = (origin: string | undefined): Record<string, string> => {
    if (any) return forAny;
    if (origin === undefined || !listed.has(origin)) return forUnlisted;
    return { 'access-control-allow-origin': origin, 'access-control-expose-headers': expose, vary: 'Origin' };
  };

  return async (c, next) => {
    const headers = headersFor(options.header(c, 'origin'));
    if (c.req.method === 'OPTIONS') {
      const preflight: Record<string, string> = { ...headers, 'access-control-allow-methods': ALLOW_METHODS, 'access-control-max-age': maxAge };
      if (headers['access-control-allow-origin']) preflight['access-control-allow-headers'] = allowHeaders;
      return new Response(null, { status: 204, headers: preflight });
    }
    c.set(CORS as never, headers as never);
    await next();
    const res = c.res as Response & { [CORS]?: true };
    if (res[CORS]) return;
    for (const [name, value] of Object.entries(headers)) {
      if (name === 'vary') appendVary(res.headers, value);
      else res.headers.set(name, value);
    }
  };
}

/** The CORS headers of this request's answer, for answers built with every header at once. */
export function corsHeaders(c: Context): Record<string, string> | undefined {
  return c.get(CORS as never) as Record<string, string> | undefined;
}

/** Marks an answer that already carries its CORS headers, so the middleware leaves it alone. */
export function withCors<R extends Response>(response: R): R {
  (response as R & { [CORS]?: true })[CORS] = true;
  return response;
}

/** Adds `value` (one name or a list) to an answer's Vary header, keeping the names already there. */
export function appendVary(headers: Headers, value: string): void {
  if (value.includes(',')) {
    for (const name of value.split(',')) appendVary(headers, name.trim());
    return;
  }
  const current = headers.get('vary');
  if (!current) headers.set('vary', value);
  else if (
    !current
      .toLowerCase()
      .split(/\s*,\s*/)
      .includes(value.toLowerCase())
  )
    headers.set('vary', `${current}, ${value}`);
}
