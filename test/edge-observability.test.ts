import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';

const METRICS_TOKEN = 'edge-metrics-token-0123456789';
let edge: EdgeGateway;
let receiver: Server;
const spans: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number }> = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      for (const rs of JSON.parse(body).resourceSpans ?? []) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const otlp = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  edge = await startEdgeGateway({ METRICS_TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT: otlp });
}, 120_000);
afterAll(async () => {
  await edge?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('observability on Workers', () => {
  it("/metrics answers from the isolate's counters, says so, and is guarded by METRICS_TOKEN", async () => {
    expect((await edge.graphql('{ products(first: 2) { totalCount } }')).data.products.totalCount).toBeGreaterThan(100);
    expect((await fetch(`${edge.url}/metrics`)).status).toBe(401);
    const response = await fetch(`${edge.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    const families = parsePrometheusTextFormat(await response.text()) as Array<{
      name: string;
      help: string;
      metrics: Array<{ labels?: Record<string, string>; value?: string }>;
    }>;
    const requests = families.find((f) => f.name === 'ovop_http_requests_total')!;
    expect(requests.help).toMatch(/Workers isolate/);
    expect(requests.metrics.some((m) => m.labels?.route === '/graphql' && m.labels.status === '200')).toBe(true);
    expect(families.find((f) => f.name === 'ovop_connector_products')!.metrics.length).toBe(4);
  });

  it('exports the request and operation spans over OTLP, under an incoming traceparent', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    await edge.graphql('query EdgeProbe { categories { code } }', {}, { traceparent: `00-${traceId}-b7ad6b7169203331-01` });
    for (let i = 0; i < 50 && spans.filter((s) => s.traceId === traceId).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const trace = spans.filter((s) => s.traceId === traceId);
    const request = trace.find((s) => s.kind === 2)!;
    expect(request.parentSpanId).toBe('b7ad6b7169203331');
    expect(trace.find((s) => s.name === 'query EdgeProbe')!.parentSpanId).toBe(request.spanId);
  });
});
