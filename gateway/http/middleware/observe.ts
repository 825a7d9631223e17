import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Logger } from '../../log';
import type { Metrics } from '../../observability/metrics';
import { parseTraceparent } from '../../observability/trace-context';
import { SpanKind, type Tracer } from '../../observability/tracer';
import type { HeaderReader } from './header';
import type { RequestRecord } from '../../observability/request-record';

export interface ObserveOptions {
  metrics: Metrics;
  tracer: Tracer;
  log: Logger;
  header: HeaderReader;
  /**
   * True while a request may start upstream work that belongs in its trace (first harvests): only
   * then is the request's span made current across awaits, which costs on every promise.
   */
  propagate?: () => boolean;
  /** Writes the access-log line (LOG_LEVEL debug or info); off, no line is even built. */
  accessLog?: boolean;
}

/**
 * Observes every request: a SERVER span (child of an incoming `traceparent`), the request and
 * latency metrics by route pattern, and one access-log line at info level. Never records a
 * secret, a query text or the raw path's parameters.
 */
export function observe({
  metrics,
  tracer,
  log,
  header,
  propagate = () => true,
  accessLog = true,
}: ObserveOptions): MiddlewareHandler<{ Variables: { record: RequestRecord; requestId: string } }> {
  return async (c, next) => {
    const started = performance.now();
    const record: RequestRecord = { operationName: null, operationType: 'none', client: null, cache: null };
    c.set('record', record);
    const span = tracer.enabled ? tracer.start(`${c.req.method}`, SpanKind.SERVER, parseTraceparent(header(c, 'traceparent'))) : undefined;
    record.span = span;
    try {
      await (span && propagate() ? tracer.with(span, next) : next());
    } finally {
      const route = routeOf(c);
      const status = c.res.status;
      const seconds = (performance.now() - started) / 1000;
      // The response cache notes its verdict here, on its fast path and in yoga alike, as it marks
      // its answers (X-Cache): reading the answer's headers would build a Headers object for each.
      const cache = record.cache;
      if (cache) {
        metrics.responseCache(cache === 'hit');
        if (cache === 'hit') record.operationType = 'query';
      }
      if (status === 429) metrics.rateLimited();
      metrics.request({ route, operation: record.operationType, status, seconds });
      if (span) {
        span.name = `${c.req.method} ${route}`;
        span.attributes['http.request.method'] = c.req.method;
        span.attributes['http.route'] = route;
        span.attributes['http.response.status_code'] = status;
        if (status >= 500) span.fail(`HTTP ${status}`);
        span.end();
      }
      if (accessLog)
        log('info', 'request', {
          requestId: c.get('requestId'),
          method: c.req.method,
          route,
          operation: record.operationName,
          operationType: record.operationType,
          status,
          durationMs: Math.round(seconds * 10_000) / 10,
          cache,
          client: record.client,
        });
    }
  };
}

/** The pattern of the route that answered (`/products/:id`), `unmatched` when none did. */
function routeOf(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const path = routes[i]!.path;
    if (path !== '*' && path !== '/*') return path;
  }
  return 'unmatched';
}
