import type { Transport } from '../../connectors/core/connector';
import type { Metrics, UpstreamOutcome } from './metrics';
import { formatTraceparent } from './trace-context';
import { SpanKind, type Tracer } from './tracer';

/**
 * Wraps one connector's transport: each outbound request is counted by outcome, gets a CLIENT
 * span under the current one, and carries that span as `traceparent` to the upstream. The URL's
 * query and the request's headers are never recorded (they may hold keys).
 */
export function observedTransport(inner: Transport, connector: string, metrics: Metrics, tracer: Tracer): Transport {
  return async (url, init) => {
    const method = init?.method ?? 'GET';
    const target = safeUrl(url);
    const span = tracer.start(`${method} ${target.host}`, SpanKind.CLIENT, undefined, {
      'http.request.method': method,
      'server.address': target.host,
      'url.path': target.path,
      'ovop.connector': connector,
    });
    let sent = init;
    if (span) {
      const headers = new Headers(init?.headers);
      headers.set('traceparent', formatTraceparent(span));
      sent = { ...init, headers };
    }
    try {
      const response = await inner(url, sent);
      metrics.upstream(connector, outcomeOf(response.status));
      span?.set('http.response.status_code', response.status);
      if (response.status >= 500) span?.fail(`HTTP ${response.status}`);
      return response;
    } catch (error) {
      const name = (error as Error)?.name;
      const outcome: UpstreamOutcome = name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'error';
      metrics.upstream(connector, outcome);
      span?.fail(outcome === 'timeout' ? 'timed out' : 'request failed');
      throw error;
    } finally {
      span?.end();
    }
  };
}

function outcomeOf(status: number): UpstreamOutcome {
  return status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : 'ok';
}

function safeUrl(url: string): { host: string; path: string } {
  try {
    const parsed = new URL(url);
    return { host: parsed.host, path: parsed.pathname };
  } catch {
    return { host: 'invalid', path: '' };
  }
}
