import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamsApp } from '../connectors/samples/app';
import { readSampleFromDisk } from '../gateway/runtime/node/samples';
import type { Span } from '../gateway/observability/tracer';
import { nodeTraceContext } from '../gateway/runtime/node/trace-context';
import { startGateway } from './helpers/gateway';
import { serveOnFreePort, type Served } from './helpers/serve';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

/** A small OTLP/HTTP JSON receiver: what a collector would get. */
let receiver: Server;
let receiverUrl: string;
const received: OtlpSpan[] = [];
const services: string[] = [];
const contentTypes: string[] = [];
/** The sample national catalogues over HTTP, remembering each request's traceparent. */
let upstreams: Served;
const upstreamTraceparents: string[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      contentTypes.push(String(req.headers['content-type']));
      if (req.url === '/v1/traces') {
        const payload = JSON.parse(body);
        for (const rs of payload.resourceSpans) {
          services.push(rs.resource.attributes.find((a: any) => a.key === 'service.name').value.stringValue);
          for (const ss of rs.scopeSpans) received.push(...ss.spans);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const app = createUpstreamsApp(readSampleFromDisk);
  upstreams = await serveOnFreePort((request) => {
    upstreamTraceparents.push(request.headers.get('traceparent') ?? '');
    return app.fetch(request);
  });
});
afterAll(async () => {
  await upstreams?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function tracedGateway(env: Record<string, string> = {}) {
  return startGateway(
    {
      CATALOGUE_SOURCE: upstreams.url,
      ALLOW_PRIVATE_UPSTREAMS: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl,
      OTEL_SERVICE_NAME: 'ovop-trace-test',
      ...env,
    },
    { traceContext: nodeTraceContext<Span>() },
  );
}

/** Waits until the receiver has spans of `traceId`, after the gateway's exporter flushed. */
async function spansOf(flush: () => Promise<void>, traceId: string, atLeast: number) {
  for (let i = 0; i < 50; i++) {
    await flush();
    const spans = received.filter((s) => s.traceId === traceId);
    if (spans.length >= atLeast) return spans;
    await new Promise((r) => setTimeout(r, 100));
  }
  return received.filter((s) => s.traceId === traceId);
}

const PORTAL = 'query PortalSearch { products(first: 5) { totalCount edges { node { id } } } }';

describe('OpenTelemetry traces over OTLP/HTTP', () => {
  it("a cold portal query: request → operation → one span per upstream request, under the caller's traceparent", async () => {
    // The response cache is off here: with it on, its version check starts the cold harvest before
    // yoga runs, and the upstream spans hang directly under the request span.
    const gw = await tracedGateway({ RESPONSE_CACHE_ENTRIES: '0' });
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const callerSpan = '00f067aa0ba902b7';
      const answer = await gw.graphql(PORTAL, {}, { traceparent: `00-${traceId}-${callerSpan}-01` });
      expect(answer.data.products.totalCount).toBeGreaterThan(100);
      const spans = await spansOf(() => gw.gateway.observability.tracer.flush(), traceId, 6);

      const request = spans.find((s) => s.kind === 2)!;
      expect(request).toBeDefined();
      expect(request.name).toBe('POST /graphql');
      expect(request.parentSpanId).toBe(callerSpan);

      const operation = spans.find((s) => s.name === 'query PortalSearch')!;
      expect(operation).toBeDefined();
      expect(operation.parentSpanId).toBe(request.spanId);

      const upstream = spans.filter((s) => s.kind === 3);
      const connectors = new Set(upstream.map((s) => s.attributes.find((a) => a.key === 'ovop.connector')?.value.stringValue));
      expect([...connectors].sort()).toEqual(['id-ovop', 'jp-ovop', 'my-ovop', 'vn-ocop']);
      for (const span of upstream) {
        expect(span.parentSpanId).toBe(operation.spanId);
        expect(BigInt(span.startTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(operation.startTimeUnixNano));
      }
      // Every upstream request carried its own span as the parent of the upstream's work.
      const sent = upstreamTraceparents.filter((t) => t.includes(traceId));
      expect(sent.length).toBe(upstream.length);
      for (const span of upstream) expect(sent).toContain(`00-${traceId}-${span.spanId}-01`);
      expect(services).toContain('ovop-trace-test');
      expect(contentTypes).toContain('application/json');
    } finally {
      await gw.close();
    }
  });

  it('with the response cache on, a cold query still joins the upstream spans to the request under one trace id', async () => {
    const gw = await tracedGateway();
    try {
      const before = received.length;
      const answer = await gw.graphql(PORTAL);
      expect(answer.data.products.totalCount).toBeGreaterThan(100);
      await gw.gateway.observability.tracer.flush();
      const request = received.slice(before).find((s) => s.kind === 2 && s.name === 'POST /graphql')!;
      expect(request).toBeDefined();
      expect(request.parentSpanId).toBeUndefined();
      const trace = await spansOf(() => gw.gateway.observability.tracer.flush(), request.traceId, 6);
      const ids = new Set(trace.map((s) => s.spanId));
      const upstream = trace.filter((s) => s.kind === 3);
      expect(upstream.length).toBeGreaterThanOrEqual(4);
      for (const span of trace.filter((s) => s !== request)) expect(ids.has(span.parentSpanId!)).toBe(true);
    } finally {
      await gw.close();
    }
  });

  it('a malformed traceparent starts a new trace instead of joining a forged one', async () => {
    const gw = await tracedGateway();
    try {
      const before = received.length;
      await fetch(`${gw.url}/healthz`, { headers: { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' } });
      await fetch(`${gw.url}/healthz`, { headers: { traceparent: 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
      await fetch(`${gw.url}/healthz`, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01; x' } });
      await gw.gateway.observability.tracer.flush();
      const spans = received.slice(before).filter((s) => s.name === 'GET /healthz');
      expect(spans).toHaveLength(3);
      for (const span of spans) {
        expect(span.parentSpanId).toBeUndefined();
        expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(span.traceId).not.toBe('00000000000000000000000000000000');
      }
    } finally {
      await gw.close();
    }
  });

  it('samples as OTEL_TRACES_SAMPLER says: a ratio of 0 records nothing of its own, but follows a sampled caller', async () => {
    const gw = await tracedGateway({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' });
    try {
      const before = received.length;
      for (let i = 0; i < 20; i++) await fetch(`${gw.url}/vocab`);
      const traceId = '5bf92f3577b34da6a3ce929d0e0e4736';
      await fetch(`${gw.url}/vocab`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
      await fetch(`${gw.url}/vocab`, { headers: { traceparent: '00-6bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' } });
      await gw.gateway.observability.tracer.flush();
      const spans = received.slice(before);
      expect(spans.map((s) => s.traceId)).toEqual([traceId]);
    } finally {
      await gw.close();
    }
  });

  it('a collector that is down costs nothing to requests', async () => {
    const gw = await startGateway({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }, { traceContext: nodeTraceContext<Span>() });
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => gw.graphql('{ categories { code } }')));
      expect(answers.every((a) => a.data?.categories.length > 0)).toBe(true);
      await gw.gateway.observability.tracer.flush();
    } finally {
      await gw.close();
    }
  });
});
