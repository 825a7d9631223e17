import type { Transport } from '../../connectors/core/connector';
import type { Logger } from '../log';
import { CircuitBreaker } from './circuit-breaker';
import { ConcurrencyLimit } from './concurrency';
import { fetchConnect, type Connect } from './connect';
import { readCapped } from './read-capped';
import { headersForHop, redirectTarget } from './redirects';
import { retryAfterMs } from './retry-after';
import { checkUrl, type GuardOptions } from './ssrf-guard';
import { formatDuration, redactUrl, UpstreamError } from './upstream-error';

export interface UpstreamPolicy {
  /** Total deadline of one request: every attempt, every redirect hop and the whole body (default 5 s). */
  timeoutMs: number;
  /** Attempts after the first, on network errors, 5xx and 429, while the deadline allows. */
  retries: number;
  /** First backoff; each retry waits a random time up to base × 2^attempt (full jitter). */
  backoffMs: number;
  /** Longest Retry-After honoured; a longer one fails the request instead of waiting. */
  maxRetryAfterMs: number;
  /** Requests in flight at once to this upstream. */
  concurrency: number;
  /** Largest body read, enforced while it streams (default 32 MiB). */
  maxBytes: number;
  /** Redirect hops followed (default 5). */
  maxRedirects: number;
}

export const DEFAULT_POLICY: UpstreamPolicy = {
  timeoutMs: 5000,
  retries: 2,
  backoffMs: 200,
  maxRetryAfterMs: 5000,
  concurrency: 4,
  maxBytes: 32 * 1024 * 1024,
  maxRedirects: 5,
};

export interface PipelineOptions {
  /** Sends one hop (the runtime's piece: Node pins the checked address); the platform's fetch by default. */
  connect?: Connect;
  guard: GuardOptions;
  policy?: Partial<UpstreamPolicy>;
  breaker?: CircuitBreaker;
  /** Decorates each hop's headers (e.g. a W3C `traceparent`); runs again after a cross-origin hop strips them. */
  headers?: (headers: Headers, url: string) => void;
  /** Where the full detail of a failure goes (URL, address, cause); public messages carry none of it. */
  log?: Logger;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

const NULL_BODY = new Set([204, 205, 304]);

/**
 * The one outbound pipeline: every request to an upstream (harvests, dry runs, the rates feed) goes
 * through it. In order: the SSRF guard (the connection pinned to the checked address), redirects
 * followed by hand (each hop checked again, secrets dropped on a hop to another origin, a hop limit),
 * timeout, retry with backoff and a circuit breaker, and a byte cap enforced while the body streams;
 * one deadline covers all of it, body included. The answer is a Response whose body is in memory.
 * Errors are UpstreamErrors whose messages name no URL or address.
 */
export function createUpstreamPipeline(options: PipelineOptions): Transport & { breaker: CircuitBreaker } {
  const given = Object.entries(options.policy ?? {}).filter(([, v]) => v !== undefined);
  const policy: UpstreamPolicy = { ...DEFAULT_POLICY, ...Object.fromEntries(given) };
  const connect = options.connect ?? fetchConnect;
  const breaker = options.breaker ?? new CircuitBreaker();
  const limit = new ConcurrencyLimit(policy.concurrency);
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const timedOut = () => new UpstreamError('timeout', `timed out after ${formatDuration(policy.timeoutMs)}`);

  /** One attempt: hop by hop through redirects, then the body within the cap. */
  const exchange = async (url: string, init: RequestInit | undefined, signal: AbortSignal): Promise<Response> => {
    let current = url;
    let headers = new Headers(init?.headers);
    const payload = requestBody(init?.body);
    for (let hop = 0; hop <= policy.maxRedirects; hop++) {
      const verdict = await checkUrl(current, options.guard);
      if (!verdict.ok) throw new UpstreamError('refused', `refused upstream URL: ${verdict.reason}`, `${redactUrl(current)}: ${verdict.detail}`);
      options.headers?.(headers, current);
      let response: Response;
      try {
        response = await connect({
          url: current,
          method: init?.method ?? 'GET',
          headers,
          signal,
          addresses: verdict.addresses,
          ...(payload && { body: payload }),
        });
      } catch (error) {
        if (signal.aborted) throw error;
        throw networkError(error, current);
      }
      // A request with a body (a webhook delivery) is never redirected: its 3xx is the answer.
      const next = payload ? undefined : redirectTarget(response, current);
      if (next) {
        // The redirect's own body is never read; a failure to cancel it changes nothing for the next hop.
        await response.body?.cancel().catch(() => {});
        headers = headersForHop(headers, current, next);
        current = next;
        continue;
      }
      const body = NULL_BODY.has(response.status) ? null : await readCapped(response, policy.maxBytes, signal);
      const kept = new Headers(response.headers);
      kept.delete('content-encoding');
      kept.delete('content-length');
      return new Response(body as Uint8Array<ArrayBuffer> | null, { status: response.status, statusText: response.statusText, headers: kept });
    }
    throw new UpstreamError('redirects', `more than ${policy.maxRedirects} redirects`, redactUrl(url));
  };

  const transport = async (url: string, init?: RequestInit): Promise<Response> => {
    const deadline = new AbortController();
    const deadlineAt = Date.now() + policy.timeoutMs;
    const timer = setTimeout(() => deadline.abort(timedOut()), policy.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
    /** The last answer a retry was made after: what the caller gets when the retries run out of time. */
    let answered: Response | undefined;
    const giveUp = (failure: UpstreamError, attempts: number): Response => {
      log('warn', 'upstream request failed', { upstream: redactUrl(url), attempts, error: failure.message, detail: failure.detail });
      if (answered) return answered;
      throw failure;
    };
    try {
      for (let attempt = 0; ; attempt++) {
        if (!breaker.allow()) throw new UpstreamError('circuit-open', 'circuit open: the upstream failed repeatedly; not calling it for now');
        let failure: UpstreamError;
        try {
          const response = await limit.run(() => exchange(url, init, signal));
          if (response.status < 500 && response.status !== 429) {
            breaker.success();
            return response;
          }
          answered = response;
          failure = new UpstreamError('network', `upstream answered HTTP ${response.status}`);
        } catch (error) {
          if (init?.signal?.aborted) throw init.signal.reason ?? error;
          if (deadline.signal.aborted) failure = answered ? new UpstreamError('network', `upstream answered HTTP ${answered.status}`) : timedOut();
          else if (error instanceof UpstreamError && error.failure !== 'network') {
            log('warn', 'upstream request refused', { upstream: redactUrl(url), error: error.message, detail: error.detail });
            throw error;
          } else failure = error instanceof UpstreamError ? error : networkError(error, url);
          if (!deadline.signal.aborted) answered = undefined;
        }
        breaker.failure();
        const retryAfter = answered && retryAfterMs(answered.headers.get('retry-after'));
        const wait = retryAfter ?? random() * policy.backoffMs * 2 ** attempt;
        const outOfTime = deadline.signal.aborted || wait >= deadlineAt - Date.now();
        if (attempt >= policy.retries || outOfTime || (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs)) {
          return giveUp(failure, attempt + 1);
        }
        try {
          await sleep(wait, signal);
        } catch {
          // The sleep only ever rejects with an abort: the caller's (rethrown) or the deadline's (given up, and logged).
          if (init?.signal?.aborted) throw init.signal.reason;
          return giveUp(answered ? failure : timedOut(), attempt + 1);
        }
      }
    } finally {
      clearTimeout(timer);
    }
  };
  return Object.assign(transport, { breaker });
}

/** The bytes of a request body: a string (UTF-8) or bytes; anything else is a caller's bug. */
function requestBody(body: RequestInit['body']): Uint8Array<ArrayBuffer> | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body as Uint8Array<ArrayBuffer>;
  throw new TypeError('the upstream pipeline sends a string or Uint8Array body only');
}

function networkError(error: unknown, url: string): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const e = error as { code?: unknown; cause?: { code?: unknown; message?: string }; message?: string };
  const code = [e?.code, e?.cause?.code].find((c): c is string => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
  const detail = `${redactUrl(url)}: ${e?.message ?? String(error)}${e?.cause?.message ? ` (${e.cause.message})` : ''}`;
  return new UpstreamError('network', code ? `could not reach the upstream (${code})` : 'could not reach the upstream', detail);
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve();
    }, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
