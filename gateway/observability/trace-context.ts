/** A span's identity as W3C Trace Context carries it. */
export interface SpanContext {
  traceId: string;
  spanId: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The parent named by an incoming `traceparent` header (W3C Trace Context), or undefined when the
 * header is absent or malformed (version ff, all-zero ids), in which case a new trace starts.
 */
export function parseTraceparent(header: string | null | undefined): SpanContext | undefined {
  const match = TRACEPARENT.exec((header ?? '').trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, spanId] = match as unknown as [string, string, string, string];
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId };
}

/** The `traceparent` header that makes `span` the parent of the receiver's work (sampled). */
export function formatTraceparent(span: SpanContext): string {
  return `00-${span.traceId}-${span.spanId}-01`;
}

/** `bytes` random bytes as lower-case hex: trace ids take 16, span ids 8. */
export function randomHex(bytes: number): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  let hex = '';
  for (const b of buffer) hex += b.toString(16).padStart(2, '0');
  return hex;
}
