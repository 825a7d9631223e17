import { GraphQLError } from 'graphql';
import { Hono, type Context } from 'hono';
import { OVOP_CONTEXT } from '../../schemas/jsonld/context';
import { VOCABULARY } from '../../schemas/jsonld/vocab';
import { complianceDestination, isoDay } from '../compliance/destination';
import { evaluateCompliance } from '../compliance/evaluate';
import { errorBody } from '../errors';
import type { CatalogueIndex } from '../federation/catalogue-index';
import type { GatewayServices } from '../graphql/context';
import type { GraphiqlAssets } from '../graphql/graphiql-assets';
import { graphiqlAsset } from '../graphql/graphiql-page';
import { plainAnswer, ResponseCache } from '../graphql/plugins/use-response-cache';
import { createGraphQLHandler } from '../graphql/yoga';
import { complianceDocument } from '../jsonld/compliance-document';
import { productDocument } from '../jsonld/product-document';
import { BoundedMap } from '../limits/bounded-map';
import type { CallerIdentities } from '../limits/caller-identity';
import type { RateLimiter } from '../limits/rate-limiter';
import type { Logger } from '../log';
import { requestCurrency } from '../normalize/currency';
import { languagePreferences } from '../normalize/language';
import { bodyLimit } from './middleware/body-limit';
import { graphqlFastPath, type GraphQLBodyVariables } from './middleware/graphql-fast-path';
import { cors } from './middleware/cors';
import { errorResponse } from './middleware/error-response';
import { standardHeader, type HeaderReader } from './middleware/header';
import { rateLimit } from './middleware/rate-limit';
import { requestContext, respond, type RequestVariables } from './middleware/request-context';
import { registerPages } from '../pages/routes';
import type { Observability } from '../observability/observability';
import { metricsRoute } from './metrics-route';
import { observe } from './middleware/observe';

const JSON_LD = 'application/ld+json; charset=utf-8';
const CONTEXT_JSON = JSON.stringify(OVOP_CONTEXT);
const VOCABULARY_JSON = JSON.stringify(VOCABULARY);
const CACHED_A_DAY = 'public, max-age=86400';

export interface AppOptions extends GatewayServices {
  log: Logger;
  limiter: RateLimiter;
  /** Who bearer tokens really are, for the rate limit. */
  identities: CallerIdentities;
  /** The client's address, as TRUST_PROXY says to read it. */
  clientAddress: (c: Context) => string;
  /** Entries of the response cache; 0 turns it off. */
  responseCacheEntries: number;
  /** Reads a request header (the runtime may have a cheaper way than the standard one). */
  header?: HeaderReader;
  /** Origins whose browsers may call (CORS_ORIGINS): `*` for any, or a list. Default `*`. */
  corsOrigins?: '*' | readonly string[];
  /** Metrics and tracer: /metrics, request spans, the access log. */
  observability: Observability;
  /** Guards /metrics when set (METRICS_TOKEN). */
  metricsToken?: string;
  /** One JSON line per request at info level (off when LOG_LEVEL is warn or error). */
  accessLog?: boolean;
  /** True once a shutdown has begun: /readyz answers 503. */
  draining?: () => boolean;
  /** GraphiQL's script, styles and workers (the runtime says where they are kept). */
  graphiql: GraphiqlAssets;
}

/** Serialized product documents kept (oldest dropped first). */
const MAX_CACHED_DOCUMENTS = 5000;

/** Largest request body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The gateway's HTTP surface (CONTRACT.md): GraphQL, JSON-LD product documents, the shared
 * context and vocabulary, health and readiness. Web-standard only: it runs on Node and Workers.
 */
export function createApp(options: AppOptions): Hono<{ Variables: RequestVariables & GraphQLBodyVariables }> {
  // Upstream work joins a request's trace when the request may cause it: while first harvests run.
  const propagate = () => !options.federation.warm;
  const app = new Hono<{ Variables: RequestVariables & GraphQLBodyVariables }>();

  const timings = () => options.federation.timings();
  // Compliance answers depend on the day: the UTC day number is part of the cache key.
  const today = () => Math.floor(options.clock().getTime() / 86_400_000);
  const json = 'application/json; charset=utf-8';
  const header = options.header ?? standardHeader;
  app.use('*', observe({ ...options.observability, log: options.log, header, propagate, accessLog: options.accessLog }));
  app.use('*', cors({ origins: options.corsOrigins ?? '*', header }));
  app.use('*', requestContext(timings, header));
  app.get('/healthz', (c) => respond(c, timings, '{"status":"ok"}', 200, { 'content-type': json }));
  app.use('*', rateLimit({ limiter: options.limiter, identities: options.identities, clientAddress: options.clientAddress, timings, header }));
  app.use('*', bodyLimit(MAX_BODY_BYTES, timings, header));

  registerPages(app, options);

  const responseCache = new ResponseCache({
    maxEntries: options.responseCacheEntries,
    version: () => {
      const rates = options.rates();
      const stamp = (index: CatalogueIndex) => `${index.version}|${rates.asOf}|${rates.source}|${today()}`;
      const warm = options.federation.warmIndex();
      return warm ? stamp(warm) : options.federation.index().then(stamp);
    },
  });
  const graphql = createGraphQLHandler(options, { tracer: options.observability.tracer, propagate, responseCache, graphiql: options.graphiql });
  app.on(['GET', 'POST'], '/graphql', graphqlFastPath({ cache: responseCache, direct: graphql.direct, timings, header }), async (c) => {
    const response = await graphql.yoga.fetch(c.req.raw, {
      requestId: c.get('requestId'),
      record: c.get('record'),
      graphqlParams: c.get('graphqlParams'),
      cacheKey: c.get('cacheKey'),
    });
    // A fresh answer the response cache kept goes out with every header set at once, as a stored one does.
    const plain = plainAnswer(response);
    return plain ? respond(c, timings, plain.body, plain.status, plain.headers) : response;
  });
  // GraphiQL's script, styles and workers, from the project's own dependencies (no CDN).
  app.get('/graphiql/:version/:file', (c) => {
    const asset = graphiqlAsset(options.graphiql, c.req.param('version'), c.req.param('file'));
    if (!asset) return errorResponse(c, timings, 404, 'NOT_FOUND', 'no such GraphiQL asset');
    return respond(c, timings, asset.body, 200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=31536000, immutable' });
  });

  // Product documents, serialized once per index version, rate table, origin and currency.
  const documents = new BoundedMap<string, string>(MAX_CACHED_DOCUMENTS);
  app.get('/products/:id', async (c) => {
    const id = c.req.param('id');
    const index = options.federation.warmIndex() ?? (await options.federation.index());
    const [item] = await index.lookup([id]);
    if (!item) return errorResponse(c, timings, 404, 'NOT_FOUND', `no product ${id}`);
    const rates = options.rates();
    const asked = c.req.query('currency');
    const currency = asked ? requestCurrency(asked, rates) : null;
    const origin = new URL(c.req.url).origin;
    const key = `${index.version}|${rates.asOf}|${rates.source}|${origin}|${currency}|${id}`;
    let body = documents.get(key);
    if (body === undefined) {
      body = JSON.stringify(productDocument(item, { origin, currency, rates }));
      documents.set(key, body);
    }
    return respond(c, timings, body, 200, { 'content-type': JSON_LD, 'content-language': Object.keys(item.product.name).join(', ') });
  });

  app.get('/products/:id/compliance/:destination', async (c) => {
    const id = c.req.param('id');
    const destination = complianceDestination(c.req.param('destination'));
    const languages = languagePreferences(c.req.query('lang'), c.req.header('accept-language'));
    const [item] = await (await options.federation.index()).lookup([id]);
    if (!item) return c.json(errorBody('NOT_FOUND', `no product ${id}`), 404);
    const today = isoDay(options.clock());
    const report = evaluateCompliance(item.product, destination, today, languages);
    return c.body(JSON.stringify(complianceDocument(report, new URL(c.req.url).origin, today)), 200, { 'content-type': JSON_LD });
  });

  app.get('/contexts/ovop.jsonld', (c) => respond(c, timings, CONTEXT_JSON, 200, { 'content-type': JSON_LD, 'cache-control': CACHED_A_DAY }));
  app.get('/vocab', (c) => respond(c, timings, VOCABULARY_JSON, 200, { 'content-type': JSON_LD, 'cache-control': CACHED_A_DAY }));

  app.get('/metrics', metricsRoute({ metrics: options.observability.metrics, connectors: () => options.federation.connectors(), token: options.metricsToken }));

  app.get('/readyz', async (c) => {
    if (options.draining?.()) return c.json({ status: 'shutting down', connectors: [] }, 503);
    await options.federation.index();
    const connectors = options.federation.connectors().map(({ id, status, productCount, lastError }) => ({ id, status, productCount, lastError }));
    const ready = connectors.every((s) => s.status !== 'DOWN');
    return c.json({ status: ready ? 'ready' : 'unavailable', connectors }, ready ? 200 : 503);
  });

  app.notFound((c) => c.json(errorBody('NOT_FOUND', `no route ${c.req.method} ${new URL(c.req.url).pathname}`), 404));
  app.onError((error, c) => {
    if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') {
      return c.json(errorBody('BAD_USER_INPUT', error.message), 400);
    }
    const requestId = c.get('requestId');
    options.log('error', 'unexpected error', { requestId, path: new URL(c.req.url).pathname, error: error.stack ?? String(error) });
    return c.json(errorBody('INTERNAL_SERVER_ERROR', `unexpected error (request ${requestId})`), 500);
  });
  return app;
}
