import { describe, expect, it } from 'vitest';
import { encode, otlpExporter, parseOtlpHeaders, tracesUrl } from './otlp-exporter';
import type { SpanData } from './tracer';

const span = (over: Partial<SpanData> = {}): SpanData => ({
  traceId: 'a'.repeat(32),
  spanId: 'b'.repeat(16),
  name: 'query "Quoted"\n\u2028',
  kind: 2,
  startNs: 1_700_000_000_000_000_000,
  endNs: 1_700_000_000_001_000_000,
  attributes: { 'http.route': '/products/:id', 'http.response.status_code': 200, ratio: 0.5, ok: true },
  ...over,
});

describe('the OTLP/HTTP JSON exporter', () => {
  it('encodes spans as an ExportTraceServiceRequest that parses as JSON', () => {
    const body = JSON.parse(encode([span(), span({ parentSpanId: 'c'.repeat(16), error: 'HTTP 503' })], 'svc "x"'));
    const [resource] = body.resourceSpans;
    expect(resource.resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'svc "x"' } }]);
    const [first, second] = resource.scopeSpans[0].spans;
    expect(first).toMatchObject({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'query "Quoted"\n\u2028', kind: 2, status: { code: 1 } });
    expect(first.parentSpanId).toBeUndefined();
    expect(first.attributes).toEqual([
      { key: 'http.route', value: { stringValue: '/products/:id' } },
      { key: 'http.response.status_code', value: { intValue: '200' } },
      { key: 'ratio', value: { doubleValue: 0.5 } },
      { key: 'ok', value: { boolValue: true } },
    ]);
    expect(BigInt(first.endTimeUnixNano) - BigInt(first.startTimeUnixNano)).toBeGreaterThan(0n);
    expect(second).toMatchObject({ parentSpanId: 'c'.repeat(16), status: { code: 2, message: 'HTTP 503' } });
  });

  it('never holds more than its queue, and never throws when the collector fails', async () => {
    let posts = 0;
    const exporter = otlpExporter({
      url: 'http://collector.invalid/v1/traces',
      serviceName: 's',
      maxQueue: 10,
      maxBatch: 100,
      fetch: async () => {
        posts++;
        throw new Error('down');
      },
    });
    for (let i = 0; i < 50; i++) exporter.add(span());
    expect(exporter.dropped()).toBe(40);
    await exporter.flush();
    expect(posts).toBe(1);
  });

  it('reads the standard variables', () => {
    expect(tracesUrl('http://c:4318/', undefined)).toBe('http://c:4318/v1/traces');
    expect(tracesUrl('http://c:4318', 'http://d/custom')).toBe('http://d/custom');
    expect(tracesUrl(undefined, undefined)).toBeUndefined();
    expect(parseOtlpHeaders('api-key=a%20b, x=1,bad,=no')).toEqual({ 'api-key': 'a b', x: '1' });
  });
});
