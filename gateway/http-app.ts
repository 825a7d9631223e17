import { GraphQLError } from 'graphql';
import { Hono } from 'hono';
import { errorResponse } from './http/middleware/error-response';
import type { GatewayServices } from './graphql/context';
import { bodyLimit } from './http/middleware/body-limit';
import { cors } from './http/middleware/cors';
import { standardHeader } from './http/middleware/header';
import { observe } from './http/middleware/observe';
import { rateLimit } from './http/middleware/rate-limit';
import { requestContext } from './http/middleware/request-context';
import type { GatewayHono } from './http/routes/env';
import { graphqlRoutes } from './http/routes/graphql';
import { healthRoute, readinessRoute } from './http/routes/health';
import { metricsRoute } from './http/routes/metrics';
import { productRoutes } from './http/routes/products';
import { vocabularyRoutes } from './http/routes/vocabulary';
import { sampleImageRoutes } from './http/routes/sample-images';
import { changesRoutes } from './http/routes/changes';
import { changeStreamRoute } from './http/routes/changes-stream';
import { exportRoutes } from './http/routes/exports';
import { feedRoutes } from './http/routes/feeds';
import { type ChangeTailOptions, tailOf } from './changes/tail';
import type { Observability } from './observability/observability';
import { registerPages } from './pages/routes';
import type { GraphiqlAssets } from './graphql/graphiql/assets';
import type { Logger } from './log';
import type { CallerIdentities } from './auth/caller-identity';
import type { RateLimiter } from './limits/rate-limiter';
import type { Context } from 'hono';
import type { HeaderReader } from './http/middleware/header';
import type { PersistedDocuments } from './graphql/endpoint/yoga';

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
  /** Persisted documents (PERSISTED_DOCUMENTS_FILE, PERSISTED_DOCUMENTS, APQ); APQ on and no trusted document by default. */
  persisted?: PersistedDocuments;
  /** INTROSPECTION: false refuses `__schema` and `__type`. @default true */
  introspection?: boolean;
  /** `max-age` of an anonymous GET /graphql answer (GRAPHQL_CACHE_SECONDS). @default 60 */
  graphqlCacheSeconds?: number;
  /** Request headers browsers may send beyond the defaults (CORS_ALLOW_HEADERS). */
  corsAllowHeaders?: readonly string[];
  /** The webhooks' /metrics lines (deliveries by outcome, lag by subscription). */
  webhookMetrics?: () => Promise<string>;
  /** How change streams follow the log (Workers: each stream reads it itself). @default one shared tail, polled every 300 ms */
  changeTail?: Pick<ChangeTailOptions, 'perFollower' | 'pollMs'>;
  /** `/changes` builds the page after a full one ahead of its reader (off on Workers). @default true */
  changesReadAhead?: boolean;
}

/** Largest request body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The gateway's HTTP surface (docs/contract.md): the middleware kit in order, then the pages, GraphQL,
 * JSON-LD product documents, the shared context and vocabulary, health, readiness and metrics.
 * Web-standard only: it runs on Node and Workers.
 */
export function createApp(options: AppOptions): GatewayHono {
  // Upstream work joins a request's trace when the request may cause it: while first harvests run.
  const propagate = () => !options.federation.warm;
  const app: GatewayHono = new Hono();
  const timings = () => options.federation.timings();
  const header = options.header ?? standardHeader;
  app.use('*', observe({ ...options.observability, log: options.log, header, propagate, accessLog: options.accessLog }));
  app.use('*', cors({ origins: options.corsOrigins ?? '*', allowHeaders: options.corsAllowHeaders, header }));
  app.use('*', requestContext(timings, header));
  healthRoute(app, timings);
  app.use('*', rateLimit({ limiter: options.limiter, identities: options.identities, clientAddress: options.clientAddress, timings, header }));
  app.use('*', bodyLimit(MAX_BODY_BYTES, timings, header));

  // The pages first: for a machine, the product routes fall through to the JSON-LD routes.
  registerPages(app, options);
  graphqlRoutes(app, {
    services: options,
    timings,
    header,
    tracer: options.observability.tracer,
    metrics: options.observability.metrics,
    propagate,
    responseCacheEntries: options.responseCacheEntries,
    graphiql: options.graphiql,
    persisted: options.persisted,
    introspection: options.introspection,
    cacheSeconds: options.graphqlCacheSeconds,
  });
  productRoutes(app, { federation: options.federation, rates: options.rates, clock: options.clock, origin: options.origin, timings });
  vocabularyRoutes(app, timings);
  sampleImageRoutes(app, timings);
  changesRoutes(app, {
    changes: options.changes,
    federation: options.federation,
    rates: options.rates,
    origin: options.origin,
    timings,
    readAhead: options.changesReadAhead,
  });
  const tail = tailOf(options.changes, {
    ...options.changeTail,
    draining: options.draining,
    onError: (error) => options.log('warn', 'reading the change log failed; the stream tries again', { error: String(error) }),
  });
  options.observability.metrics.changeStreamClients(() => tail.followers);
  changeStreamRoute(app, { tail, federation: options.federation, rates: options.rates, origin: options.origin, timings });
  exportRoutes(app, { changes: options.changes, federation: options.federation, rates: options.rates, origin: options.origin, timings });
  feedRoutes(app, { federation: options.federation, rates: options.rates, origin: options.origin, timings });
  app.get(
    '/metrics',
    metricsRoute({
      metrics: options.observability.metrics,
      connectors: () => options.federation.connectors(),
      token: options.metricsToken,
      timings,
      extra: options.webhookMetrics,
    }),
  );
  readinessRoute(app, { federation: options.federation, timings, draining: options.draining });

  app.notFound((c) => errorResponse(c, { status: 404, code: 'NOT_FOUND', message: `no route ${c.req.method} ${new URL(c.req.url).pathname}`, timings }));
  app.onError((error, c) => {
    if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') {
      return errorResponse(c, { status: 400, code: 'BAD_USER_INPUT', message: error.message, timings });
    }
    const requestId = c.get('requestId');
    options.log('error', 'unexpected error', { requestId, path: new URL(c.req.url).pathname, error: error.stack ?? String(error) });
    return errorResponse(c, { status: 500, code: 'INTERNAL_SERVER_ERROR', message: `unexpected error (request ${requestId})`, timings });
  });
  return app;
}
