import type { Transport } from '../../connectors/core/connector';
import { Metrics } from './metrics';
import { observedTransport } from './observed-transport';
import { otlpExporter, parseOtlpHeaders, tracesUrl } from './otlp-exporter';
import { type AsyncContext, type Span, Tracer } from './tracer';
import { createSampler, type SamplerName } from './trace-context';

export interface ObservabilitySettings {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_HEADERS?: string;
  OTEL_SERVICE_NAME: string;
  OTEL_TRACES_SAMPLER: SamplerName;
  OTEL_TRACES_SAMPLER_ARG?: number;
}

export interface ObservabilityOptions {
  settings: ObservabilitySettings;
  /** Where the counters live, for /metrics' HELP texts. */
  scope?: string;
  /** Carries the current span across awaits (Node: AsyncLocalStorage). */
  context?: AsyncContext<Span>;
  onExportError?: (message: string) => void;
}

export type Observability = ReturnType<typeof createObservability>;

/**
 * The gateway's metrics and tracer. Tracing is on when an OTLP endpoint is configured; metrics
 * are always counted.
 */
export function createObservability(options: ObservabilityOptions) {
  const { settings } = options;
  const url = tracesUrl(settings.OTEL_EXPORTER_OTLP_ENDPOINT, settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const sink = url
    ? otlpExporter({
        url,
        serviceName: settings.OTEL_SERVICE_NAME,
        headers: parseOtlpHeaders(settings.OTEL_EXPORTER_OTLP_HEADERS),
        onError: options.onExportError,
      })
    : undefined;
  const metrics = new Metrics({ scope: options.scope });
  const tracer = new Tracer({ sink, context: options.context, sampler: createSampler(settings.OTEL_TRACES_SAMPLER, settings.OTEL_TRACES_SAMPLER_ARG) });
  return {
    metrics,
    tracer,
    /** Wraps a connector's transport so that its requests are counted and traced. */
    transport: (connector: string, inner: Transport): Transport => observedTransport(inner, connector, metrics, tracer),
  };
}
