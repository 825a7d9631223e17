import type { MiddlewareHandler } from 'hono';
import { Hono } from 'hono';

/** What a national server does wrong, for tests and the benchmark. */
export type Fault =
  | { kind: 'down' }
  | { kind: 'hang' }
  | { kind: 'slow'; ms: number }
  | { kind: 'garbage' }
  | { kind: 'truncated' }
  | { kind: 'rate-limited'; times: number; retryAfterSeconds: number };

export interface FaultState {
  /** Added to every answer, in milliseconds. */
  latencyMs: number;
  faults: Map<string, Fault>;
  /** Requests received, by economy path segment (`jp`, `id`, ...). */
  requests: Map<string, number>;
}

export function createFaultState(latencyMs = 0): FaultState {
  return { latencyMs, faults: new Map(), requests: new Map() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts requests per economy, adds latency and plays the economy's fault, if any. */
export function injectFaults(state: FaultState): MiddlewareHandler {
  return async (c, next) => {
    const economy = new URL(c.req.url).pathname.split('/')[1] ?? '';
    if (!economy || economy === '__control') return next();
    state.requests.set(economy, (state.requests.get(economy) ?? 0) + 1);
    if (state.latencyMs) await sleep(state.latencyMs);
    const fault = state.faults.get(economy);
    switch (fault?.kind) {
      case 'down':
        return c.text('Service Unavailable', 503);
      case 'hang':
        await new Promise<void>((resolve) => c.req.raw.signal.addEventListener('abort', () => resolve()));
        return c.text('', 504);
      case 'slow':
        await sleep(fault.ms);
        return next();
      case 'garbage':
        return c.body('\u0000\u00ff<<not a catalogue>>', 200, { 'content-type': 'application/json' });
      case 'truncated': {
        await next();
        const body = new Uint8Array(await c.res.arrayBuffer());
        c.res = new Response(body.slice(0, Math.floor(body.length / 2)), { status: 200, headers: { 'content-type': c.res.headers.get('content-type') ?? '' } });
        return;
      }
      case 'rate-limited':
        if (fault.times > 0) {
          fault.times--;
          return c.text('Too Many Requests', 429, { 'retry-after': String(fault.retryAfterSeconds) });
        }
        return next();
      default:
        return next();
    }
  };
}

/**
 * Control routes (`/__control/...`) to set faults and read request counts over HTTP, for tests
 * and the benchmark that drive `npm run upstreams -- --control` from another process.
 */
export function faultControl(state: FaultState): Hono {
  return new Hono()
    .get('/__control/requests', (c) => c.json(Object.fromEntries(state.requests)))
    .put('/__control/faults/:economy', async (c) => {
      state.faults.set(c.req.param('economy'), (await c.req.json()) as Fault);
      return c.body(null, 204);
    })
    .post('/__control/reset', (c) => {
      state.faults.clear();
      state.requests.clear();
      return c.body(null, 204);
    });
}
