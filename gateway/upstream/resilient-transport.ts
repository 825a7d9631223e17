import type { Transport } from '../../connectors/core/connector';
import { CircuitBreaker } from './circuit-breaker';
import { ConcurrencyLimit } from './concurrency';

export interface UpstreamPolicy {
  /** Budget for one request, page included (default 5 s). */
  timeoutMs: number;
  /** Attempts after the first, on network errors, 5xx and 429. */
  retries: number;
  /** First backoff; each retry waits a random time up to base × 2^attempt (full jitter). */
  backoffMs: number;
  /** Longest Retry-After honoured; a longer one fails the request instead of waiting. */
  maxRetryAfterMs: number;
  /** Requests in flight at once to this upstream. */
  concurrency: number;
}

export const DEFAULT_POLICY: UpstreamPolicy = { timeoutMs: 5000, retries: 2, backoffMs: 200, maxRetryAfterMs: 5000, concurrency: 4 };

export class UpstreamError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'UpstreamError';
  }
}

interface Options {
  policy?: Partial<UpstreamPolicy>;
  breaker?: CircuitBreaker;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Wraps a transport for one upstream: each request is bounded by a timeout, retried with backoff
 * and jitter on network errors, 5xx and 429 (waiting out Retry-After), refused while the circuit
 * is open, and limited in concurrency. Answers other than 5xx/429 pass through unchanged.
 */
export function resilientTransport(inner: Transport, options: Options = {}): Transport & { breaker: CircuitBreaker } {
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  const breaker = options.breaker ?? new CircuitBreaker();
  const limit = new ConcurrencyLimit(policy.concurrency);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;

  const once = async (url: string, init: RequestInit | undefined): Promise<Response> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${policy.timeoutMs} ms`, 'TimeoutError')), policy.timeoutMs);
    const cancel = () => controller.abort(init?.signal?.reason);
    init?.signal?.addEventListener('abort', cancel);
    try {
      const response = await inner(url, { ...init, signal: controller.signal });
      // Read the body within the same budget, so a server that stalls mid-body cannot hold us.
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      clearTimeout(timer);
      init?.signal?.removeEventListener('abort', cancel);
    }
  };

  const transport = async (url: string, init?: RequestInit): Promise<Response> => {
    for (let attempt = 0; ; attempt++) {
      if (!breaker.allow()) throw new UpstreamError('circuit open: the upstream failed repeatedly; not calling it for now');
      let response: Response | undefined;
      let failure: string;
      try {
        response = await limit.run(() => once(url, init));
        if (response.status < 500 && response.status !== 429) {
          breaker.success();
          return response;
        }
        failure = `HTTP ${response.status}`;
      } catch (error) {
        if (init?.signal?.aborted) throw error;
        failure = (error as Error).name === 'TimeoutError' ? `no answer within ${policy.timeoutMs} ms` : (error as Error).message;
      }
      breaker.failure();
      if (attempt >= policy.retries) {
        if (response) return response;
        throw new UpstreamError(`${failure} after ${attempt + 1} attempts`);
      }
      const retryAfter = response && retryAfterMs(response.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return response!;
      await sleep(retryAfter ?? random() * policy.backoffMs * 2 ** attempt);
    }
  };
  return Object.assign(transport, { breaker });
}

/** Retry-After in milliseconds, from delay-seconds or an HTTP date; undefined when absent or bad. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
