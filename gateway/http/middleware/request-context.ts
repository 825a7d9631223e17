import type { MiddlewareHandler } from 'hono';

export type RequestVariables = { requestId: string };

const INCOMING_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when well formed, else a new one), answers
 * it in X-Request-Id, and reports the time taken in Server-Timing, with each connector's last
 * harvest time (from `connectorTimings`).
 */
export function requestContext(connectorTimings: () => Array<{ id: string; ms: number }>): MiddlewareHandler<{ Variables: RequestVariables }> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    const started = performance.now();
    await next();
    const timings = connectorTimings().map(({ id: connector, ms }) => `${connector.replace(/[^a-z0-9-]/g, '')};desc="last harvest";dur=${ms.toFixed(1)}`);
    c.res.headers.set('x-request-id', id);
    c.res.headers.set('server-timing', [`total;dur=${(performance.now() - started).toFixed(1)}`, ...timings].join(', '));
  };
}
