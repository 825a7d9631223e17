import type { Logger } from '../log';
import { CircuitBreaker } from '../upstream/circuit-breaker';
import { type Connect, fetchConnect } from '../upstream/connect';
import { createUpstreamPipeline } from '../upstream/pipeline';
import type { GuardOptions } from '../upstream/ssrf-guard';
import { UpstreamError } from '../upstream/upstream-error';

/** What a receiver answered: its status and Retry-After, or why there was no answer. */
export type SendResult = { status: number; retryAfter: string | null } | { status: null; error: string };

/** Posts one delivery: `url`, the headers and the body; never throws. */
export type Send = (url: string, request: { headers: Record<string, string>; body: string }) => Promise<SendResult>;

export interface WebhookSenderOptions {
  /** The SSRF guard of connector upstreams (ALLOW_PRIVATE_UPSTREAMS, the runtime's DNS). */
  guard: GuardOptions;
  /** The runtime's connect (Node: pinned to the checked address). @default the platform's fetch */
  connect?: Connect;
  /** WEBHOOK_TIMEOUT_MS: one attempt's deadline, body included. @default 15000 */
  timeoutMs?: number;
  /** The most of a receiver's answer read: the rest is dropped, never buffered. @default 65536 */
  maxResponseBytes?: number;
  /** Deliveries in flight at once through this sender. @default 16 */
  concurrency?: number;
  log?: Logger;
}

/**
 * The webhook sender: every delivery goes through the one upstream pipeline (SSRF guard with the
 * connection pinned to the checked address, the deadline), with no retries of its own (the
 * retry schedule is the deliverer's), no redirects followed (a request with a body never is) and
 * no circuit breaker shared between receivers. Only the first `maxResponseBytes` of an answer
 * are read: a receiver that answers 200 with an endless body costs that much and no more.
 */
export function createWebhookSender(options: WebhookSenderOptions): Send {
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
  const base = options.connect ?? fetchConnect;
  const connect: Connect = async (request) => truncated(await base(request), maxResponseBytes);
  const pipeline = createUpstreamPipeline({
    guard: options.guard,
    connect,
    // A breaker that never opens: one failing receiver must not stop deliveries to the others.
    breaker: new CircuitBreaker(Number.POSITIVE_INFINITY),
    policy: { timeoutMs: options.timeoutMs ?? 15_000, retries: 0, maxRedirects: 0, maxBytes: maxResponseBytes, concurrency: options.concurrency ?? 16 },
    ...(options.log && { log: options.log }),
  });
  return async (url, { headers, body }) => {
    try {
      const response = await pipeline(url, { method: 'POST', headers, body });
      return { status: response.status, retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      return { status: null, error: error instanceof UpstreamError ? error.message : 'could not reach the receiver' };
    }
  };
}

/** The response with a body that ends after `max` bytes (the rest cancelled), so reading it never fails for size. */
function truncated(response: Response, max: number): Response {
  if (!response.body) return response;
  const reader = response.body.getReader();
  let left = max;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      if (value.byteLength >= left) {
        controller.enqueue(value.subarray(0, left));
        left = 0;
        controller.close();
        await reader.cancel().catch(() => {});
        return;
      }
      left -= value.byteLength;
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
