import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../gateway/log';
import { startEconomyServer, thManifest } from './helpers/economy-server';
import { startGateway, type TestGateway } from './helpers/gateway';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const ADMIN = 'operator-token-of-the-metrics-suite';
const PORTAL = '{ products(first: 5) { totalCount edges { node { id name { value } } } } }';

interface Family {
  name: string;
  help: string;
  type: string;
  metrics: Array<{ labels?: Record<string, string>; value?: string; buckets?: Record<string, string>; count?: string; sum?: string }>;
}

let gw: TestGateway;
const lines: string[] = [];
let raw = '';
/** Scrapes /metrics; the parser throws on any line that is not valid text exposition. */
const scrape = async (token = METRICS_TOKEN) => {
  const response = await fetch(`${gw.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  raw = await response.text();
  return parsePrometheusTextFormat(raw) as Family[];
};
const family = (families: Family[], name: string) => families.find((f) => f.name === name)!;
const sum = (f: Family, match: Record<string, string>) =>
  f.metrics.filter((m) => Object.entries(match).every(([k, v]) => m.labels?.[k] === v)).reduce((n, m) => n + Number(m.value), 0);

beforeAll(async () => {
  gw = await startGateway({ METRICS_TOKEN, GATEWAY_ADMIN_TOKEN: ADMIN }, { log: createLogger('info', (line) => lines.push(line)) });
});
afterAll(() => gw?.close());

describe('/metrics after real traffic', () => {
  it('parses as Prometheus text and counts requests by route pattern, cache, connectors, upstreams and refusals', async () => {
    expect((await gw.graphql(PORTAL)).data.products.totalCount).toBeGreaterThan(100);
    expect((await gw.graphql(PORTAL)).data.products.totalCount).toBeGreaterThan(100);
    const id = (await gw.graphql('{ products(first: 1) { edges { node { id } } } }')).data.products.edges[0].node.id;
    expect((await fetch(`${gw.url}/products/${encodeURIComponent(id)}`)).status).toBe(200);
    expect((await fetch(`${gw.url}/products/nope:0`)).status).toBe(404);

    const families = await scrape();
    const requests = family(families, 'ovop_http_requests_total');
    expect(requests.type).toBe('COUNTER');
    expect(sum(requests, { route: '/graphql', operation: 'query', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(sum(requests, { route: '/products/:id', status: '200' })).toBe(1);
    expect(sum(requests, { route: '/products/:id', status: '404' })).toBe(1);
    expect(requests.metrics.some((m) => m.labels?.route?.includes(id) || m.labels?.route?.includes('nope'))).toBe(false);

    const latency = family(families, 'ovop_http_request_duration_seconds');
    expect(latency.type).toBe('HISTOGRAM');
    // This parser folds labelled histogram series into one; read the /graphql series' own lines too.
    expect(Object.keys(latency.metrics[0]!.buckets!)).toContain('+Inf');
    const count = /^ovop_http_request_duration_seconds_count\{route="\/graphql",operation="query"\} (\d+)$/m.exec(raw)?.[1];
    const inf = /^ovop_http_request_duration_seconds_bucket\{route="\/graphql",operation="query",le="\+Inf"\} (\d+)$/m.exec(raw)?.[1];
    expect(Number(count)).toBeGreaterThanOrEqual(3);
    expect(inf).toBe(count);

    const cache = family(families, 'ovop_response_cache_lookups_total');
    expect(sum(cache, { result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(sum(cache, { result: 'miss' })).toBeGreaterThanOrEqual(1);

    expect(Number(family(families, 'ovop_rate_limited_total').metrics[0]!.value)).toBe(0);

    const up = family(families, 'ovop_connector_up');
    for (const connector of ['jp-ovop', 'id-ovop', 'my-ovop', 'vn-ocop']) {
      expect(sum(up, { connector, status: 'UP' })).toBe(1);
      expect(sum(family(families, 'ovop_connector_products'), { connector })).toBeGreaterThan(30);
      expect(sum(family(families, 'ovop_connector_quarantined'), { connector })).toBeGreaterThanOrEqual(0);
      const age = sum(family(families, 'ovop_connector_seconds_since_last_good_harvest'), { connector });
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThan(600);
      expect(sum(family(families, 'ovop_upstream_requests_total'), { connector, outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    }
    expect(family(families, 'ovop_http_requests_total').help).toMatch(/counted by this process/);
  });

  it('is refused without the METRICS_TOKEN bearer, and with a wrong one', async () => {
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${gw.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789abcdeX' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('ovop_');
  });

  it('counts rate-limit refusals', async () => {
    // A slow refill (1 a second): however long the machine takes over the 40 requests, most are refused.
    const limited = await startGateway({ RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '5' });
    try {
      const statuses = await Promise.all(Array.from({ length: 40 }, () => fetch(`${limited.url}/vocab`).then((r) => r.status)));
      const refused = statuses.filter((s) => s === 429).length;
      expect(refused).toBeGreaterThanOrEqual(20);
      // The scrape passes the same limiter: until the bucket refills it is refused, and counted too.
      let scrapesRefused = 0;
      const text = await vi.waitFor(
        async () => {
          const response = await fetch(`${limited.url}/metrics`);
          if (response.status === 429) scrapesRefused++;
          expect(response.status).toBe(200);
          return response.text();
        },
        { timeout: 10_000, interval: 200 },
      );
      const families = parsePrometheusTextFormat(text) as Family[];
      expect(Number(family(families, 'ovop_rate_limited_total').metrics[0]!.value)).toBe(refused + scrapesRefused);
      expect(sum(family(families, 'ovop_http_requests_total'), { route: '/vocab', status: '429' })).toBe(refused);
    } finally {
      await limited.close();
    }
  });

  it('keeps label cardinality bounded under a flood of distinct paths and operation names', async () => {
    const open = await startGateway();
    try {
      const read = async () => parsePrometheusTextFormat(await (await fetch(`${open.url}/metrics`)).text()) as Family[];
      await open.graphql('{ categories { code } }');
      const before = family(await read(), 'ovop_http_requests_total').metrics.length;
      await Promise.all(Array.from({ length: 100 }, (_, i) => fetch(`${open.url}/random-${i}-${Math.random()}`)));
      await Promise.all(Array.from({ length: 30 }, (_, i) => open.graphql(`query Op${i}x${Math.random().toString(36).slice(2)} { categories { code } }`)));
      const requests = family(await read(), 'ovop_http_requests_total');
      // One new series: unmatched 404s (and /metrics itself).
      expect(requests.metrics.length - before).toBeLessThanOrEqual(2);
      expect(requests.metrics.every((m) => !m.labels?.route?.startsWith('/random'))).toBe(true);
      expect(sum(requests, { route: 'unmatched', status: '404' })).toBe(100);
    } finally {
      await open.close();
    }
  });
});

describe('upstream requests outside harvests', () => {
  it('counts a dry run\'s requests under connector="dry-run"', async () => {
    const economy = await startEconomyServer();
    const open = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' });
    try {
      const key = (await open.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` })).data.createEconomyKey
        .key;
      const dry = await open.graphql(
        'mutation($m: JSON!) { validateManifest(manifest: $m) { sampled } }',
        { m: thManifest(economy.url) },
        { authorization: `Bearer ${key}` },
      );
      expect(dry.data.validateManifest.sampled).toBeGreaterThan(0);
      const text = await (await fetch(`${open.url}/metrics`)).text();
      const families = parsePrometheusTextFormat(text) as Family[];
      expect(sum(family(families, 'ovop_upstream_requests_total'), { connector: 'dry-run', outcome: 'ok' })).toBeGreaterThan(0);
    } finally {
      await Promise.all([open.close(), economy.close()]);
    }
  });
});

describe('the access log', () => {
  it('writes one JSON line per request, with route, operation, status, duration and cache, and no secret or query text', async () => {
    lines.length = 0;
    const secret = 'Bearer some-secret-token-that-must-not-leak';
    await gw.graphql(
      'query PortalSearch($text: String) { products(first: 2, filter: { text: $text }) { totalCount } }',
      { text: 'very-private-search' },
      { authorization: secret },
    );
    await fetch(`${gw.url}/vocab`, { headers: { authorization: secret } });
    const records = lines.map((l) => JSON.parse(l)).filter((r) => r.message === 'request');
    expect(records).toHaveLength(2);
    const [graphql, vocab] = records;
    expect(graphql).toMatchObject({
      level: 'info',
      method: 'POST',
      route: '/graphql',
      operation: 'PortalSearch',
      operationType: 'query',
      status: 200,
      client: null,
    });
    expect(typeof graphql.requestId).toBe('string');
    expect(typeof graphql.durationMs).toBe('number');
    expect(vocab).toMatchObject({ route: '/vocab', operation: null, status: 200, cache: null });
    const text = lines.join('\n');
    expect(text).not.toContain('some-secret-token');
    expect(text).not.toContain('very-private-search');
    expect(text).not.toContain('totalCount');
  });

  it('names the client key a caller authenticated with, and only that', async () => {
    const created = await gw.graphql(
      'mutation { createClientKey(name: "portal-server", requestsPerSecond: 50) { key } }',
      {},
      { authorization: `Bearer ${ADMIN}` },
    );
    const key = created.data.createClientKey.key as string;
    lines.length = 0;
    await gw.graphql('{ economies { code } }', {}, { authorization: `Bearer ${key}` });
    await gw.graphql('{ economies { code } }', {}, { authorization: 'Bearer made-up-token-0123456789' });
    const records = lines.map((l) => JSON.parse(l)).filter((r) => r.message === 'request');
    expect(records.map((r) => r.client)).toEqual(['portal-server', null]);
    expect(lines.join('\n')).not.toContain(key);
  });
});
