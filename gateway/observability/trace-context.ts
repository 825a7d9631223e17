/** A span's identity as W3C Trace Context carries it. */
export interface SpanContext {
  traceId: string;
  spanId: string;
  /** The caller's sampling decision (trace-flags bit 0), for a parent from another process. */
  sampled?: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * The parent named by an incoming `traceparent` header (W3C Trace Context), or undefined when the
 * header is absent or malformed (version ff, all-zero ids), in which case a new trace starts.
 */
export function parseTraceparent(header: string | null | undefined): SpanContext | undefined {
  if (!header) return undefined;
  const match = TRACEPARENT.exec((header ?? '').trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags] = match as unknown as [string, string, string, string, string];
  if (version === 'ff' || /^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/** The `traceparent` header that makes `span` the parent of the receiver's work (sampled). */
export function formatTraceparent(span: SpanContext): string {
  return `00-${span.traceId}-${span.spanId}-01`;
}

/** Random words drawn 4 KiB at a time: one getRandomValues per 200-odd ids, not one per id. */
const pool = new Uint32Array(1024);
let used = pool.length;

/** `bytes` (a multiple of 4) random bytes as lower-case hex: trace ids take 16, span ids 8. */
export function randomHex(bytes: number): string {
  const words = bytes >> 2;
  if (used + words > pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  let hex = '';
  for (let i = 0; i < words; i++) hex += hex32(pool[used++]!);
  return hex;
}

/** One random 32-bit word. */
export function randomWord(): number {
  if (used >= pool.length) {
    crypto.getRandomValues(pool);
    used = 0;
  }
  return pool[used++]!;
}

/** Which traces are recorded: the standard OTEL_TRACES_SAMPLER names. */
export type SamplerName = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

/**
 * Decides whether a trace is recorded, from the low 32 bits of its trace id (drawn before the rest,
 * so that a trace left out costs no id) and the remote parent, if any.
 */
export type Sampler = (traceIdLow: number, parent?: SpanContext) => boolean;

/** The low 32 bits of a hex trace id. */
export const traceIdLow = (traceId: string): number => Number.parseInt(traceId.slice(-8), 16);

/** A random 32-bit word as 8 hex digits. */
export const hex32 = (word: number): string => word.toString(16).padStart(8, '0');

/**
 * The sampler OTEL_TRACES_SAMPLER names, with OTEL_TRACES_SAMPLER_ARG as the ratio. The ratio is
 * decided from the trace id, so every service that samples by ratio keeps the same traces.
 */
export function createSampler(name: SamplerName, ratio = 1): Sampler {
  const threshold = Math.max(0, Math.min(1, ratio)) * 2 ** 32;
  const byRatio = (low: number) => low < threshold;
  const root = name.endsWith('always_on') ? () => true : name.endsWith('always_off') ? () => false : byRatio;
  if (!name.startsWith('parentbased_')) return root;
  return (low, parent) => (parent?.sampled !== undefined ? parent.sampled : root(low));
}
