import type { Context, MiddlewareHandler } from 'hono';
import type { HeaderReader } from './middleware/header';
import { respond, type Timings } from './middleware/request-context';
import { noteCacheLookup } from './middleware/observe';

interface Entry {
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}

export interface ResponseCacheOptions {
  /**
   * Names the version of the state answers depend on (index, rates, the day), waiting for first
   * harvests when there is no index yet. Runs before every look-up, hit or miss.
   */
  version: () => string | Promise<string>;
  maxEntries?: number;
  maxBytes?: number;
  timings: Timings;
  header: HeaderReader;
}

const MAX_CACHEABLE_BODY = 64 * 1024;

/**
 * A response cache for repeated identical GraphQL reads, in front of yoga. Keyed on the request
 * (method, URL, body, Accept, Accept-Language) and on `version()`, so a snapshot change invalidates
 * it. Identical requests arriving while an answer is computed wait for it (single flight). Never
 * caches mutations, authenticated requests, or answers other than 200; evicts the oldest first.
 */
export function responseCache(options: ResponseCacheOptions): MiddlewareHandler {
  const { maxEntries = 1000, maxBytes = 64 * 1024 * 1024 } = options;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry | undefined>>();
  let bytes = 0;

  const keep = (key: string, entry: Entry) => {
    entries.set(key, entry);
    bytes += entry.body.byteLength;
    for (const [oldest, old] of entries) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      entries.delete(oldest);
      bytes -= old.body.byteLength;
    }
  };

  /** Runs the handler on a request whose body is still unread, and keeps a 200 answer. */
  const compute = async (c: Context, next: () => Promise<void>, key: string, body: string) => {
    const req = c.req.raw;
    if (req.method === 'POST') c.req.raw = new Request(req.url, { method: 'POST', headers: req.headers, body });
    await next();
    if (c.res.status !== 200) return undefined;
    // Read the answer once and answer from the bytes: Response.clone() would tee the stream.
    const entry = { contentType: c.res.headers.get('content-type') ?? 'application/json', body: new Uint8Array(await c.res.arrayBuffer()) };
    keep(key, entry);
    c.res = new Response(entry.body, { status: 200, headers: c.res.headers });
    c.res.headers.set('x-cache', 'miss');
    return entry;
  };

  return async (c, next) => {
    const req = c.req.raw;
    const accept = options.header(c, 'accept') ?? '';
    if (maxEntries === 0 || options.header(c, 'authorization') !== undefined || accept.includes('text/html')) return next();
    // Read once: Request.clone() tees the stream and costs more than the whole cached answer.
    const body = req.method === 'POST' ? await c.req.text() : '';
    const query = req.method === 'POST' ? body : safeDecode(new URL(req.url).search);
    if (body.length > MAX_CACHEABLE_BODY || /\bmutation\b/.test(query)) {
      if (req.method === 'POST') c.req.raw = new Request(req.url, { method: 'POST', headers: req.headers, body });
      return next();
    }
    // An answer racing a refresh is filed under the old version, which is never asked for again.
    const key = [await options.version(), req.method, req.url, accept, options.header(c, 'accept-language') ?? '', body].join('\n');
    const hit = entries.get(key) ?? (await pending.get(key));
    noteCacheLookup(c, hit !== undefined);
    if (hit) return respond(c, options.timings, hit.body, 200, { 'content-type': hit.contentType, 'x-cache': 'hit' });
    const computing = compute(c, next, key, body);
    pending.set(key, computing.catch(() => undefined));
    try {
      await computing;
    } finally {
      pending.delete(key);
    }
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
