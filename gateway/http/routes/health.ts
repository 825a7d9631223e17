import type { Federation } from '../../federation/federation';
import { respond, type Timings } from '../middleware/request-context';
import type { GatewayHono } from './env';

export interface HealthOptions {
  federation: Federation;
  timings: Timings;
  /** True once a shutdown has begun: /readyz answers 503. */
  draining?: () => boolean;
}

/** `GET /healthz`: the process answers. Registered before the rate limit, so probes are never limited. */
export function healthRoute(app: GatewayHono, timings: Timings): void {
  app.get('/healthz', (c) => respond(c, { body: '{"status":"ok"}', headers: { 'content-type': 'application/json; charset=utf-8' }, timings }));
}

/** `GET /readyz`: 200 while no connector is DOWN and no shutdown has begun, else 503 with each connector's state. */
export function readinessRoute(app: GatewayHono, { federation, draining }: HealthOptions): void {
  app.get('/readyz', async (c) => {
    if (draining?.()) return c.json({ status: 'shutting down', connectors: [] }, 503);
    await federation.index();
    const connectors = federation.connectors().map(({ id, status, productCount, lastError }) => ({ id, status, productCount, lastError }));
    const ready = connectors.every((s) => s.status !== 'DOWN');
    return c.json({ status: ready ? 'ready' : 'unavailable', connectors }, ready ? 200 : 503);
  });
}
