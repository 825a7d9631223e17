import { GraphQLError } from 'graphql';
import { economyOfProductId } from '../changes/last-update';
import { lastUpdatesOf } from '../changes/last-updates';
import type { Context, Hono, Next } from 'hono';
import { z } from 'zod';
import { MANIFEST_SCHEMA_PATH } from '../../schemas/manifest-json-schema';
import MANIFEST_SCHEMA from '../../schemas/manifest.schema.json';
import { BoundedMap } from '../collections/bounded-map';
import { complianceDestination, isoDay } from '../compliance/destination';
import type { CatalogueIndex } from '../federation/catalogue/catalogue-index';
import type { GatewayServices } from '../graphql/context';
import { fingerprint } from '../graphql/cursors/cursor';
import { Query } from '../graphql/resolvers/query';
import { respond, type RequestVariables } from '../http/middleware/request-context';
import { standardHeader, type HeaderReader } from '../http/middleware/header';
import { languagePreferences } from '../normalize/language';
import { CompliancePage } from './compliance-page';
import { gtin14 } from './gtin';
import { interfaceLanguage, translator } from './i18n';
import { documentOf } from './layout';
import { MessagePage } from './message-page';
import { prefersHtml } from './negotiate';
import { ProductPage, checklistAddress } from './product-page';
import { textOf } from './product-view';
import { RegisterPage, type RegisterOutcome } from './register-page';
import { submitRegistration } from './register-submit';
import { SearchPage, searchData, searchParams } from './search-page';
import { pageSecurityHeaders } from './security';
import { sitemapBody } from './sitemap';
import { carry, visitorOf, type Visitor } from './visitor';
import { boundedVisitor, visitorKey } from './page-visitor';
import { WebhooksPage, type WebhooksOutcome } from './webhooks-page';
import { submitWebhooksKey } from './webhooks-submit';

type Env = { Variables: RequestVariables };
type C = Context<Env>;

export interface PagesOptions extends GatewayServices {
  /** Rendered pages kept, keyed by everything they depend on (default 256). */
  cachedPages?: number;
  /** Bytes of rendered pages kept (default 32 MiB); a page over a tenth of it is not kept. */
  cachedPageBytes?: number;
  /** Reads a request header (the runtime may have a cheaper way than the standard one). */
  header?: HeaderReader;
}

const HTML = 'text/html; charset=utf-8';
/** Pages may be kept by browsers and shared caches a few minutes; the ETag revalidates them. */
const PAGE_CACHE_CONTROL = 'public, max-age=300';
const MANIFEST_SCHEMA_TEXT = `${JSON.stringify(MANIFEST_SCHEMA, null, 2)}\n`;

const RegisterForm = z
  .object({
    // A key is sent as a bearer token: printable ASCII only (a line break, NUL or any non-ASCII
    // character could never be a key, and no header can carry it).
    key: z
      .string()
      .trim()
      .min(1, 'the economy key is missing')
      .max(512, 'the economy key is too long')
      .regex(/^[\x21-\x7e]+$/, 'the economy key holds characters no key has (spaces, line breaks, control or non-ASCII characters): paste it again'),
    manifest: z
      .string()
      .max(1024 * 1024)
      .optional(),
    dryRun: z.string().optional(),
    register: z.string().optional(),
    connectors: z.string().optional(),
  })
  // "My connectors" needs the key alone; a dry run and a registration need a manifest.
  .refine((form) => form.connectors !== undefined || Boolean(form.manifest), { message: 'the manifest is missing', path: ['manifest'] });
/** The webhooks form: the client key alone (printable ASCII, as a bearer token carries it). */
const WebhooksForm = z.object({
  key: z
    .string()
    .trim()
    .min(1, 'the client key is missing')
    .max(512, 'the client key is too long')
    .regex(/^[\x21-\x7e]+$/, 'the client key holds characters no key has (spaces, line breaks, control or non-ASCII characters): paste it again'),
  list: z.string().optional(),
});
const SitemapQuery = z.object({ part: z.coerce.number().int().min(1).max(10_000).optional() });

/**
 * Registers the portal's pages on the gateway's app: search (`/`), the product page and the export
 * checklist for browsers (content negotiation beside the JSON-LD routes), GS1 Digital Link
 * (`/01/{gtin}`), the sitemap, economy onboarding (`/register`) and the manifest's JSON Schema.
 * Register it before the JSON-LD routes: for a machine, the product routes fall through to them.
 */
export function registerPages(app: Hono<Env>, options: PagesOptions): void {
  // Rendered pages as UTF-8 bytes with their ETag: a page answered again is neither rendered,
  // encoded nor hashed again.
  // A page over a tenth of the bound is answered but not kept: one huge story cannot empty the cache.
  const pages = new BoundedMap<string, { bytes: Uint8Array<ArrayBuffer>; etag: string }>({
    maxEntries: options.cachedPages ?? 256,
    maxBytes: options.cachedPageBytes ?? 32 * 1024 * 1024,
    sizeOf: (page, key) => page.bytes.byteLength + key.length * 2,
  });
  const encoder = new TextEncoder();
  const timings = () => options.federation.timings();
  const header = options.header ?? standardHeader;
  const negotiated = negotiation(header);
  const index = async (): Promise<CatalogueIndex> => options.federation.warmIndex() ?? (await options.federation.index());

  /** Answers a page from the page cache, a 304, or by rendering it; every header set at once. */
  async function page(c: C, visitor: Visitor, key: string, render: () => Promise<{ status: number; body: string }>): Promise<Response> {
    const cached = pages.get(key);
    const etag = cached?.etag ?? `"${fingerprint(key)}${fingerprint(`${key}#`)}"`;
    const headers: Record<string, string> = { ...(await pageHeaders()), 'content-language': visitor.lang, etag };
    if (matches(header(c, 'if-none-match'), etag)) return respond(c, { body: null, status: 304, headers, timings });
    if (cached) return respond(c, { body: cached.bytes, headers, timings });
    const { status, body } = await render();
    if (status !== 200) {
      headers['cache-control'] = 'no-store';
      delete headers.etag;
      return respond(c, { body, status, headers, timings });
    }
    const bytes = encoder.encode(body);
    if (bytes.byteLength <= pages.maxBytes / 10) pages.set(key, { bytes, etag });
    return respond(c, { body: bytes, headers, timings });
  }

  /** What every page's answer depends on, besides its own inputs. */
  const pageKey = (visitor: Visitor, idx: CatalogueIndex, c: C, ...parts: string[]) => {
    const rates = options.rates();
    return [idx.version, rates.asOf, rates.source, visitorKey(visitor), options.origin.key(c.req.url), ...parts].join('|');
  };

  /** The visitor, reduced to what a page may be cached under (supported languages, known currencies). */
  const pageVisitor = (c: C) => boundedVisitor(visitorOf(c, options, c.get('requestId'), header), options, c.req.raw, c.get('requestId'));

  /** Runs a page handler; bad input (a malformed lang, an unknown currency, a foreign cursor) is a 400 page. */
  const guarded = (handler: (c: C) => Promise<Response>) => async (c: C) => {
    try {
      return await handler(c);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') {
        const fallback = fallbackVisitor(c);
        return htmlAnswer(c, 400, documentOf(<MessagePage visitor={fallback} title={fallback.t('badRequestTitle')} message={error.message} />));
      }
      throw error;
    }
  };

  const notFound = (c: C, visitor: Pick<Visitor, 'lang' | 't'>, message: string) =>
    htmlAnswer(c, 404, documentOf(<MessagePage visitor={visitor} title={visitor.t('notFoundTitle')} message={message} />));

  app.get(
    '/',
    guarded(async (c) => {
      const idx = await index();
      const visitor = pageVisitor(c);
      const params = searchParams(new URL(c.req.url));
      return page(c, visitor, pageKey(visitor, idx, c, 'search', new URL(c.req.url).search), async () => {
        const data = await searchData(params, visitor);
        const economies = [...idx.economyCounts.keys()].sort();
        return { status: 200, body: documentOf(<SearchPage visitor={visitor} params={params} data={data} economies={economies} />) };
      });
    }),
  );

  app.get(
    '/products/:id',
    negotiated(
      guarded(async (c) => {
        const id = c.req.param('id') ?? '';
        const idx = await index();
        const visitor = pageVisitor(c);
        if (!idx.has(id)) return notFound(c, visitor, visitor.t('notFoundProduct'));
        const today = isoDay(options.clock());
        // The last change the page names is part of what it says: a page rendered before its recording is not kept after it.
        // This instance's own writes, else the log's (another isolate or instance harvested, or this one restarted).
        const update = await lastUpdatesOf(options.changes).lookup(id, economyOfProductId(id));
        return page(c, visitor, pageKey(visitor, idx, c, 'product', id, today, update?.occurredAt ?? ''), async () => {
          const ref = await Query.product(null, { id, currency: visitor.currency, lang: visitor.langParam }, visitor.gql);
          if (!ref) return { status: 404, body: '' };
          return { status: 200, body: documentOf(<ProductPage ref={ref} visitor={visitor} origin={options.origin.of(c.req.url)} update={update} />) };
        });
      }),
    ),
  );

  // The destination picker is a GET form: it lands here and is sent on to the checklist's address.
  app.get(
    '/products/:id/compliance',
    guarded(async (c) => {
      const visitor = pageVisitor(c);
      const destination = complianceDestination(c.req.query('destination') ?? '');
      return c.redirect(checklistAddress(c.req.param('id') ?? '', destination, visitor), 303);
    }),
  );

  app.get(
    '/products/:id/compliance/:destination',
    negotiated(
      guarded(async (c) => {
        const id = c.req.param('id') ?? '';
        const idx = await index();
        const visitor = pageVisitor(c);
        const destination = complianceDestination(c.req.param('destination') ?? '');
        if (!idx.has(id)) return notFound(c, visitor, visitor.t('notFoundProduct'));
        const today = isoDay(options.clock());
        return page(c, visitor, pageKey(visitor, idx, c, 'compliance', id, destination, today), async () => {
          const report = await Query.compliance(null, { productId: id, destination, lang: visitor.langParam }, visitor.gql);
          const ref = await Query.product(null, { id, lang: visitor.langParam }, visitor.gql);
          const name = ref ? textOf(ref, visitor, 'name') : null;
          return { status: 200, body: documentOf(<CompliancePage report={report} name={name} visitor={visitor} />) };
        });
      }),
    ),
  );

  // GS1 Digital Link: /01/{gtin}, optionally followed by further GS1 qualifiers (/10/{batch}, ...).
  const digitalLink = guarded(async (c) => {
    const given = c.req.param('gtin') ?? '';
    const gtin = gtin14(given);
    const id = gtin && (await options.federation.productByGtin(gtin));
    if (!id) {
      const visitor = fallbackVisitor(c);
      const message = gtin ? visitor.t('notFoundGtin', { gtin }) : visitor.t('invalidGtin', { gtin: given.slice(0, 40) });
      if (!prefersHtml(header(c, 'accept'))) return c.json({ error: { code: 'NOT_FOUND', message } }, 404);
      return notFound(c, visitor, message);
    }
    const query = { lang: c.req.query('lang')?.slice(0, 35), currency: c.req.query('currency')?.slice(0, 8) };
    // Relative unless PUBLIC_URL names the origin: never the request's Host.
    const location = `${options.origin.publicUrl ?? ''}/products/${encodeURIComponent(id)}${carry({ langParam: query.lang || null, currencyParam: query.currency || null })}`;
    return new Response(null, { status: 307, headers: { location, 'cache-control': PAGE_CACHE_CONTROL, 'x-request-id': c.get('requestId') } });
  });
  app.get('/01/:gtin', digitalLink);
  app.get('/01/:gtin/*', digitalLink);

  app.get('/sitemap.xml', async (c) => {
    const query = SitemapQuery.safeParse({ part: c.req.query('part') || undefined });
    if (!query.success) return c.json({ error: { code: 'BAD_USER_INPUT', message: 'part must be a positive integer' } }, 400);
    const idx = await index();
    const origin = options.origin.of(c.req.url);
    const etag = `"sitemap-${idx.version}-${query.data.part ?? 0}-${fingerprint(origin)}"`;
    const headers = { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600', etag, 'x-content-type-options': 'nosniff' };
    if (matches(header(c, 'if-none-match'), etag)) return new Response(null, { status: 304, headers });
    // The ids walked a page at a time (from the index, or merged from the shards), never all held.
    const walk = await options.federation.walk({ pageSize: 1000 });
    const body = sitemapBody({ origin, total: options.federation.productCount(), part: query.data.part ?? null, walk });
    return new Response(body, { status: 200, headers });
  });

  app.get(MANIFEST_SCHEMA_PATH, (c) =>
    c.body(MANIFEST_SCHEMA_TEXT, 200, {
      'content-type': 'application/schema+json; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
    }),
  );

  app.get(
    '/register',
    guarded(async (c) => {
      const visitor = pageVisitor(c);
      return htmlAnswer(c, 200, documentOf(<RegisterPage visitor={visitor} />));
    }),
  );

  app.post(
    '/register',
    guarded(async (c) => {
      const visitor = pageVisitor(c);
      const answer = (status: number, outcome: RegisterOutcome, manifest?: string) =>
        htmlAnswer(c, status, documentOf(<RegisterPage visitor={visitor} outcome={outcome} manifest={manifest} />));
      if (!sameOrigin(c, options.origin.publicUrl)) return answer(403, { kind: 'error', code: 'FORBIDDEN', message: visitor.t('crossSite') });
      const form = RegisterForm.safeParse(await c.req.parseBody().catch(() => ({})));
      if (!form.success) {
        return answer(400, { kind: 'error', code: 'BAD_USER_INPUT', message: form.error.issues.map((i) => i.message).join('; ') });
      }
      const { key, manifest: text } = form.data;
      const action = form.data.connectors !== undefined ? 'connectors' : form.data.register !== undefined ? 'register' : 'dryRun';
      const { status, outcome } = await submitRegistration(options, { key, manifest: text, action }, { url: c.req.url, requestId: c.get('requestId') });
      return answer(status, outcome, text);
    }),
  );

  app.get(
    '/webhooks',
    guarded(async (c) => htmlAnswer(c, 200, documentOf(<WebhooksPage visitor={pageVisitor(c)} />))),
  );

  app.post(
    '/webhooks',
    guarded(async (c) => {
      const visitor = pageVisitor(c);
      const answer = (status: number, outcome: WebhooksOutcome) => htmlAnswer(c, status, documentOf(<WebhooksPage visitor={visitor} outcome={outcome} />));
      if (!sameOrigin(c, options.origin.publicUrl)) return answer(403, { kind: 'error', code: 'FORBIDDEN', message: visitor.t('crossSite') });
      const form = WebhooksForm.safeParse(await c.req.parseBody().catch(() => ({})));
      if (!form.success) return answer(400, { kind: 'error', code: 'BAD_USER_INPUT', message: form.error.issues.map((i) => i.message).join('; ') });
      const { status, outcome } = await submitWebhooksKey(options, form.data.key);
      return answer(status, outcome);
    }),
  );

  /** An HTML answer that is not cached (errors, forms). */
  async function htmlAnswer(c: C, status: number, body: string): Promise<Response> {
    return new Response(body, {
      status,
      headers: {
        ...(await pageSecurityHeaders()),
        'content-type': HTML,
        'cache-control': 'no-store',
        vary: 'Accept, Accept-Language',
        'x-request-id': c.get('requestId'),
      },
    });
  }
}

let cachedPageHeaders: Record<string, string> | undefined;

/** The headers every cacheable page shares: security, type, caching, Vary. */
async function pageHeaders(): Promise<Record<string, string>> {
  return (cachedPageHeaders ??= {
    ...(await pageSecurityHeaders()),
    'content-type': HTML,
    'cache-control': PAGE_CACHE_CONTROL,
    vary: 'Accept, Accept-Language',
  });
}

/**
 * A product route for browsers: the page when the client prefers HTML, else the JSON-LD route
 * registered after this one. Both answers say they vary by Accept.
 */
const negotiation = (header: HeaderReader) => (handler: (c: C) => Promise<Response>) => {
  return async (c: C, next: Next) => {
    if (prefersHtml(header(c, 'accept'))) return handler(c);
    await next();
    try {
      c.res.headers.append('vary', 'Accept');
    } catch {
      // An answer with immutable headers (a fetched one): copy it to say so.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.append('vary', 'Accept');
    }
  };
};

/** The visitor of an error page: the query's language when it is well formed, else Accept-Language. */
function fallbackVisitor(c: C): Pick<Visitor, 'lang' | 't'> {
  let languages: string[];
  try {
    languages = languagePreferences(c.req.query('lang'), c.req.header('accept-language'));
  } catch {
    languages = languagePreferences(null, c.req.header('accept-language'));
  }
  const lang = interfaceLanguage(languages);
  return { lang, t: translator(lang) };
}

/** True when an If-None-Match header names `etag` (or is `*`). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * CSRF defence for the register form: a browser's cross-site POST is refused. Modern browsers send
 * Sec-Fetch-Site (it must be same-origin); older ones send Origin, which must be PUBLIC_URL (unset:
 * name the request's own host), never compared with a Host header a proxy may have rewritten.
 * A request with neither comes from a program, not a browser that another site could drive, and
 * must carry the economy key itself, so it is let through like the GraphQL mutations.
 */
export function sameOrigin(c: Context, publicUrl?: string): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  if (publicUrl !== undefined) return origin === publicUrl;
  // Unset: the request's own host (a TLS-terminating proxy may have changed the scheme).
  return URL.canParse(origin) && new URL(origin).host === new URL(c.req.url).host;
}
