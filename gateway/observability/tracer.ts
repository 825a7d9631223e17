import { hex32, randomHex, randomWord, type Sampler, type SpanContext, traceIdLow } from './trace-context';

/** Span kinds as OTLP numbers them. */
export const SpanKind = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;

export type AttributeValue = string | number | boolean;

/** A finished span, as the exporter receives it. */
export interface SpanData extends SpanContext {
  parentSpanId?: string;
  name: string;
  kind: number;
  startNs: number;
  endNs: number;
  attributes: Record<string, AttributeValue>;
  error?: string;
}

/**
 * Carries the current span through asynchronous work (Node: AsyncLocalStorage). Without one,
 * spans still nest where the parent is passed explicitly (request → operation).
 */
export interface AsyncContext<T> {
  run<R>(value: T, fn: () => R): R;
  getStore(): T | undefined;
}

/** Receives finished spans; must never block or throw. */
export interface SpanSink {
  add(span: SpanData): void;
  flush(): Promise<void>;
}

const nowNs = () => Math.round((performance.timeOrigin + performance.now()) * 1e6);

/** One unit of work in a trace; once ended, it is its own SpanData. Ending it twice is harmless. */
export class Span implements SpanContext, SpanData {
  readonly spanId = randomHex(8);
  readonly startNs = nowNs();
  endNs = 0;
  error?: string;

  constructor(
    private readonly sink: SpanSink,
    public name: string,
    readonly kind: number,
    readonly traceId: string,
    readonly parentSpanId: string | undefined,
    readonly attributes: Record<string, AttributeValue> = {},
  ) {}

  /** Sets an attribute (never a secret or a query text). */
  set(key: string, value: AttributeValue | null | undefined): this {
    if (value !== null && value !== undefined) this.attributes[key] = value;
    return this;
  }

  rename(name: string): this {
    this.name = name;
    return this;
  }

  /** Marks the span as failed, with a short description. */
  fail(message: string): this {
    this.error = message;
    return this;
  }

  end(): void {
    if (this.endNs) return;
    this.endNs = nowNs();
    this.sink.add(this);
  }
}

export interface TracerOptions {
  /** Where finished spans go; no sink means tracing is off and no span is made. */
  sink?: SpanSink;
  context?: AsyncContext<Span>;
  /** Which new traces are recorded (default: all; a remote parent's decision is followed). */
  sampler?: Sampler;
}

/** Makes spans when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT set); does nothing otherwise. */
export class Tracer {
  readonly enabled: boolean;

  constructor(private readonly options: TracerOptions = {}) {
    this.enabled = options.sink !== undefined;
  }

  /**
   * A new span under `parent` (else the current span, else a new trace); undefined when tracing is
   * off or the sampler leaves this trace out. A local parent span is always recorded already.
   */
  start(name: string, kind: number, parent?: SpanContext, attributes?: Record<string, AttributeValue>): Span | undefined {
    const { sink, sampler } = this.options;
    if (!sink) return undefined;
    const from = parent ?? this.current();
    if (from instanceof Span) return new Span(sink, name, kind, from.traceId, from.spanId, attributes);
    // A new trace draws the word that decides sampling first: a trace left out costs no id.
    const low = from ? traceIdLow(from.traceId) : randomWord();
    if (sampler && !sampler(low, from)) return undefined;
    return new Span(sink, name, kind, from?.traceId ?? randomHex(12) + hex32(low), from?.spanId, attributes);
  }

  /** The span that the running asynchronous work belongs to, where the runtime can tell. */
  current(): Span | undefined {
    return this.options.context?.getStore();
  }

  /** Runs `fn` with `span` as the current span. */
  with<R>(span: Span | undefined, fn: () => R): R {
    return span && this.options.context ? this.options.context.run(span, fn) : fn();
  }

  /** Sends what is queued (Workers: from waitUntil; Node: at shutdown). */
  flush(): Promise<void> {
    return this.options.sink?.flush() ?? Promise.resolve();
  }
}
