import type { MiddlewareHandler } from 'hono';

interface Entry {
  status: number;
  contentType: string;
  body: Uint8Array;
}

export interface ResponseCacheOptions {
  /**
   * Brings the state answers depend on up to date (first harvests, background revalidation) and
   * names its version: index version, rates, the day. Runs before every look-up, hit or miss.
   */
  version: () => Promise<string>;
  maxEntries?: number;
  maxBytes?: number;
}

const MAX_CACHEABLE_BODY = 64 * 1024;

/**
 * A response cache for repeated identical GraphQL reads, in front of yoga. Keyed on the request
 * (method, URL, body, Accept, Accept-Language) and on `version()`, so a snapshot change invalidates
 * it. Never caches mutations, authenticated requests, or answers other than 200.
 */
export function responseCache(options: ResponseCacheOptions): MiddlewareHandler {
  const { maxEntries = 1000, maxBytes = 64 * 1024 * 1024 } = options;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  return async (c, next) => {
    const req = c.req.raw;
    if (req.headers.has('authorization') || (req.headers.get('accept') ?? '').includes('text/html')) return next();
    const body = req.method === 'POST' ? await req.clone().text() : '';
    const query = body || new URL(req.url).search;
    if (body.length > MAX_CACHEABLE_BODY || /\bmutation\b/.test(decodeURIComponent(query))) return next();
    // An answer racing a refresh is filed under the old version, which is never asked for again.
    const key = [await options.version(), req.method, req.url, req.headers.get('accept') ?? '', req.headers.get('accept-language') ?? '', body].join('\n');
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key);
      entries.set(key, hit);
      return new Response(hit.body as Uint8Array<ArrayBuffer>, { status: hit.status, headers: { 'content-type': hit.contentType, 'x-cache': 'hit' } });
    }
    await next();
    if (c.res.status !== 200) return;
    const copy = new Uint8Array(await c.res.clone().arrayBuffer());
    entries.set(key, { status: 200, contentType: c.res.headers.get('content-type') ?? 'application/json', body: copy });
    bytes += copy.byteLength;
    for (const [oldest, entry] of entries) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      entries.delete(oldest);
      bytes -= entry.body.byteLength;
    }
    c.res.headers.set('x-cache', 'miss');
  };
}
