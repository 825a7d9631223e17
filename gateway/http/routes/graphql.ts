import type { CatalogueIndex } from '../../federation/catalogue/catalogue-index';
import type { GatewayServices } from '../../graphql/context';
import { createGraphQLHandler, type PersistedDocuments } from '../../graphql/endpoint/yoga';
import type { GraphiqlAssets } from '../../graphql/graphiql/assets';
import { graphiqlAsset } from '../../graphql/graphiql/page';
import { plainAnswer, ResponseCache } from '../../graphql/plugins/use-response-cache';
import type { Metrics } from '../../observability/metrics';
import type { Tracer } from '../../observability/tracer';
import { errorResponse } from '../middleware/error-response';
import { graphqlFastPath } from '../middleware/graphql-fast-path';
import type { HeaderReader } from '../middleware/header';
import { respond, type Timings } from '../middleware/request-context';
import type { GatewayHono } from './env';

export interface GraphQLRoutesOptions {
  services: GatewayServices;
  timings: Timings;
  header: HeaderReader;
  tracer: Tracer;
  /** Counts the requests the direct path hands to yoga (ovop_direct_fallback_total). */
  metrics: Metrics;
  /** True while a request may start upstream work that belongs in its trace. */
  propagate: () => boolean;
  /** Entries of the response cache; 0 turns it off. */
  responseCacheEntries: number;
  /** GraphiQL's script, styles and workers (the runtime says where they are kept). */
  graphiql: GraphiqlAssets;
  /** Persisted documents (trusted, learned); yoga's defaults when not given: APQ on, no trusted document. */
  persisted?: PersistedDocuments;
  /** INTROSPECTION: false refuses `__schema` and `__type`. @default true */
  introspection?: boolean;
  /** `max-age` of an anonymous GET answer (GRAPHQL_CACHE_SECONDS). @default 60 */
  cacheSeconds?: number;
}

/**
 * `GET|POST /graphql` (the fast path for cached and directly executable answers, then yoga) and
 * GraphiQL's assets from the project's own dependencies (no CDN).
 */
export function graphqlRoutes(app: GatewayHono, options: GraphQLRoutesOptions): void {
  const { services, timings, header } = options;
  // Compliance answers depend on the day: the UTC day number is part of the cache key.
  const today = () => Math.floor(services.clock().getTime() / 86_400_000);
  const version = () => {
    const rates = services.rates();
    const stamp = (index: CatalogueIndex) => `${index.version}|${rates.asOf}|${rates.source}|${today()}`;
    const warm = services.federation.warmIndex();
    return warm ? stamp(warm) : services.federation.index().then(stamp);
  };
  const responseCache = new ResponseCache({
    maxEntries: options.responseCacheEntries,
    originKey: (url) => services.origin.key(url),
    version,
    // The change feed moves without a new snapshot (the clock's sweep, another instance's harvest).
    liveRootFields: ['productChanges', 'changeFeed'],
  });
  const { persisted, introspection } = options;
  const graphql = createGraphQLHandler(services, {
    tracer: options.tracer,
    propagate: options.propagate,
    responseCache,
    graphiql: options.graphiql,
    persisted,
    introspection,
    onDirectFallback: (reason) => options.metrics.directFallback(reason),
  });
  app.on(
    ['GET', 'POST'],
    '/graphql',
    graphqlFastPath({ cache: responseCache, direct: graphql.direct, timings, header, persisted, version, cacheSeconds: options.cacheSeconds }),
    async (c) => {
      const response = await graphql.yoga.fetch(c.req.raw, {
        requestId: c.get('requestId'),
        record: c.get('record'),
        graphqlParams: c.get('graphqlParams'),
        cacheKey: c.get('cacheKey'),
      });
      // A fresh answer the response cache kept goes out with every header set at once, as a stored one does.
      const plain = plainAnswer(response);
      return plain ? respond(c, { body: plain.body, status: plain.status, headers: plain.headers, timings }) : response;
    },
  );
  app.get('/graphiql/:version/:file', (c) => {
    const asset = graphiqlAsset(options.graphiql, c.req.param('version'), c.req.param('file'));
    if (!asset) return errorResponse(c, { status: 404, code: 'NOT_FOUND', message: 'no such GraphiQL asset', timings });
    return respond(c, { body: asset.body, headers: { 'content-type': asset.contentType, 'cache-control': 'public, max-age=31536000, immutable' }, timings });
  });
}
