import type { Handler } from 'hono';
import { bearerFrom, secretsEqual } from '../../auth/tokens';
import type { ConnectorGauge, Metrics } from '../../observability/metrics';
import { METRICS_CONTENT_TYPE } from '../../observability/metrics';
import { errorResponse } from '../middleware/error-response';
import type { Timings } from '../middleware/request-context';

export interface MetricsRouteOptions {
  metrics: Metrics;
  connectors: () => ConnectorGauge[];
  /** When set, only `Authorization: Bearer <token>` may read the metrics (compared in constant time). */
  token?: string;
  /** The connectors' harvest timings, for an error's Server-Timing. */
  timings: Timings;
  /** More exposition lines, appended (the webhooks' deliveries and lags). */
  extra?: () => Promise<string>;
}

/** `GET /metrics`: the Prometheus text exposition of this process's (or isolate's) counters. */
export function metricsRoute({ metrics, connectors, token, timings, extra }: MetricsRouteOptions): Handler {
  return async (c) => {
    if (token) {
      const presented = bearerFrom(c.req.header('authorization'));
      if (!presented || !(await secretsEqual(presented, token))) {
        const message = 'metrics need Authorization: Bearer <METRICS_TOKEN>';
        return errorResponse(c, { status: 401, code: 'UNAUTHENTICATED', message, headers: { 'www-authenticate': 'Bearer' }, timings });
      }
    }
    const text = metrics.render(connectors()) + (extra ? await extra() : '');
    return c.body(text, 200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' });
  };
}
