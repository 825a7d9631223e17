import type { Handler } from 'hono';
import { bearerFrom, secretsEqual } from '../../auth/tokens';
import { errorBody } from '../../errors';
import type { ConnectorGauge, Metrics } from '../../observability/metrics';
import { METRICS_CONTENT_TYPE } from '../../observability/metrics';

export interface MetricsRouteOptions {
  metrics: Metrics;
  connectors: () => ConnectorGauge[];
  /** When set, only `Authorization: Bearer <token>` may read the metrics (compared in constant time). */
  token?: string;
}

/** `GET /metrics`: the Prometheus text exposition of this process's (or isolate's) counters. */
export function metricsRoute({ metrics, connectors, token }: MetricsRouteOptions): Handler {
  return async (c) => {
    if (token) {
      const presented = bearerFrom(c.req.header('authorization'));
      if (!presented || !(await secretsEqual(presented, token))) {
        return c.json(errorBody('UNAUTHENTICATED', 'metrics need Authorization: Bearer <METRICS_TOKEN>'), 401, { 'www-authenticate': 'Bearer' });
      }
    }
    return c.body(metrics.render(connectors()), 200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' });
  };
}
