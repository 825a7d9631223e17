import type { SpanData, SpanSink } from './tracer';

export interface OtlpExporterOptions {
  /** The traces endpoint, e.g. `http://collector:4318/v1/traces`. */
  url: string;
  serviceName: string;
  headers?: Record<string, string>;
  /** Most spans waiting; past it new spans are dropped (never blocks a request). */
  maxQueue?: number;
  /** Spans per POST. */
  maxBatch?: number;
  /** Longest a span waits before it is sent. */
  delayMs?: number;
  /** The exporter's own HTTP client: the platform's fetch, never the upstream pipeline (no SSRF refusal, no tracing of itself). */
  fetch?: typeof fetch;
  onError?: (message: string) => void;
}

/**
 * Batches finished spans and POSTs them as OTLP/HTTP JSON. Bounded: a slow or absent collector
 * costs dropped spans, never memory or a request's time.
 */
export function otlpExporter(options: OtlpExporterOptions): SpanSink & { dropped(): number } {
  const { maxQueue = 2048, maxBatch = 512, delayMs = 1000 } = options;
  const post = options.fetch ?? ((url, init) => fetch(url, init));
  let queue: SpanData[] = [];
  let dropped = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> = Promise.resolve();
  let failures = 0;

  const send = async (batch: SpanData[]) => {
    try {
      const response = await post(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: encode(batch, options.serviceName),
        signal: AbortSignal.timeout(10_000),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`collector answered HTTP ${response.status}`);
      failures = 0;
    } catch (error) {
      // One report per outage, not one per batch.
      if (failures++ === 0) options.onError?.((error as Error).message);
    }
  };

  const drain = (): Promise<void> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    while (queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(maxBatch);
      sending = sending.then(() => send(batch));
    }
    return sending;
  };

  return {
    add(span) {
      if (queue.length >= maxQueue) {
        dropped++;
        return;
      }
      queue.push(span);
      if (queue.length >= maxBatch) void drain();
      else if (timer === undefined) {
        timer = setTimeout(() => void drain(), delayMs);
        (timer as { unref?: () => void }).unref?.();
      }
    },
    flush: drain,
    dropped: () => dropped,
  };
}

const json = JSON.stringify;

/** An OTLP AnyValue. */
function anyValue(value: string | number | boolean): string {
  if (typeof value === 'string') return `{"stringValue":${json(value)}}`;
  if (typeof value === 'boolean') return `{"boolValue":${value}}`;
  return Number.isInteger(value) ? `{"intValue":"${value}"}` : `{"doubleValue":${value}}`;
}

/** `{"key":"…","value":` for the attribute names in use (a handful), escaped once. */
const keyPrefixes = new Map<string, string>();
const keyPrefix = (key: string) => {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `{"key":${json(key)},"value":`;
    if (keyPrefixes.size < 256) keyPrefixes.set(key, prefix);
  }
  return prefix;
};

/** One span as OTLP JSON, written directly: the hot part of tracing, so no intermediate objects. */
function spanJson(s: SpanData): string {
  let attributes = '';
  for (const key in s.attributes) attributes += `${attributes ? ',' : ''}${keyPrefix(key)}${anyValue(s.attributes[key]!)}}`;
  const parent = s.parentSpanId ? `,"parentSpanId":"${s.parentSpanId}"` : '';
  const status = s.error ? `{"code":2,"message":${json(s.error)}}` : '{"code":1}';
  return `{"traceId":"${s.traceId}","spanId":"${s.spanId}"${parent},"name":${json(s.name)},"kind":${s.kind},"startTimeUnixNano":"${s.startNs}","endTimeUnixNano":"${s.endNs}","attributes":[${attributes}],"status":${status}}`;
}

/** The OTLP/JSON ExportTraceServiceRequest for a batch of spans (hex ids, as OTLP/JSON wants). */
export function encode(spans: SpanData[], serviceName: string): string {
  const resource = `{"attributes":[{"key":"service.name","value":{"stringValue":${json(serviceName)}}}]}`;
  return `{"resourceSpans":[{"resource":${resource},"scopeSpans":[{"scope":{"name":"ovop-federation-gateway"},"spans":[${spans.map(spanJson).join(',')}]}]}]}`;
}

/** The traces URL from the standard variables: the signal-specific one as is, else the base + `/v1/traces`. */
export function tracesUrl(base: string | undefined, specific: string | undefined): string | undefined {
  if (specific) return specific;
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/** Parses OTEL_EXPORTER_OTLP_HEADERS (`key=value,key2=value2`, values URL-encoded). */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    try {
      headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A malformed value is skipped rather than sent half-decoded.
    }
  }
  return headers;
}
