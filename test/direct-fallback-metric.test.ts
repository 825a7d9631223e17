import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRECT_FALLBACK_REASONS, type DirectFallbackReason } from '../gateway/observability/metrics';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * ovop_direct_fallback_total over real HTTP: each request the direct executor hands to yoga counts
 * once, under its reason, and a request it answers counts nowhere. A regression of the direct path
 * (a plan that gives up, a shape it stops taking) then shows in /metrics, not only in the bench.
 */

const PORTAL = `query Portal($first: Int, $currency: String) {
  products(first: $first, currency: $currency) { totalCount edges { node { id name { value } price { amount currency } } } }
}`;

let server: TestGateway;

beforeAll(async () => {
  // The response cache off: every request reaches the direct path, none is answered before it.
  server = await startGateway({ RESPONSE_CACHE_ENTRIES: '0' });
});
afterAll(() => server?.close());

/** POSTs a JSON body to /graphql; the status and parsed body. */
async function send(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

interface Family {
  name: string;
  metrics: Array<{ labels?: Record<string, string>; value?: string }>;
}

/** The fallback counter's value for every reason, as /metrics says it now. */
async function fallbacks(): Promise<Record<DirectFallbackReason, number>> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  const family = (parsePrometheusTextFormat(await response.text()) as Family[]).find((f) => f.name === 'ovop_direct_fallback_total');
  expect(family).toBeDefined();
  const counts = Object.fromEntries(DIRECT_FALLBACK_REASONS.map((reason) => [reason, Number.NaN])) as Record<DirectFallbackReason, number>;
  for (const metric of family!.metrics) counts[metric.labels!.reason as DirectFallbackReason] = Number(metric.value);
  return counts;
}

/** What a request added to the counter, by reason (reasons it left alone: absent). */
async function counted(request: () => Promise<unknown>): Promise<Partial<Record<DirectFallbackReason, number>>> {
  const before = await fallbacks();
  await request();
  const after = await fallbacks();
  const added: Partial<Record<DirectFallbackReason, number>> = {};
  for (const reason of DIRECT_FALLBACK_REASONS) if (after[reason] !== before[reason]) added[reason] = after[reason] - before[reason];
  return added;
}

describe('ovop_direct_fallback_total', () => {
  it('has every reason from the first scrape, at zero', async () => {
    expect(await fallbacks()).toEqual(Object.fromEntries(DIRECT_FALLBACK_REASONS.map((reason) => [reason, 0])));
  });

  it('counts a query text yoga has not accepted yet, then nothing once the direct path answers it', async () => {
    expect(await counted(() => send({ query: PORTAL, variables: { first: 2 } }))).toEqual({ unprepared: 1 });
    expect(await counted(() => send({ query: PORTAL, variables: { first: 3 } }))).toEqual({});
  });

  it('counts a shape the plan does not compile nowhere: graphql-js runs it on the direct path', async () => {
    // An abstract return type (Node) is left uncompiled; the direct path still answers it, without yoga.
    const NODE = 'query Node($id: ID!) { node(id: $id) { id ... on Product { name { value } } } }';
    await send({ query: NODE, variables: { id: 'none:1' } });
    expect(await counted(() => send({ query: NODE, variables: { id: 'none:2' } }))).toEqual({});
  });

  const handed: Array<[DirectFallbackReason, string, Record<string, unknown>, Record<string, string>?]> = [
    ['parameters', 'extensions in the body', { query: PORTAL, variables: { first: 2 }, extensions: {} }],
    ['parameters', 'an unknown parameter', { query: PORTAL, variables: { first: 2 }, smuggled: true }],
    ['unprepared', 'a mutation (never prepared: the direct path runs queries only)', { query: 'mutation { createEconomyKey(economy: "TH") { key } }' }],
    ['media_type', 'an event stream asked for', { query: PORTAL, variables: { first: 2 } }, { accept: 'text/event-stream' }],
    ['limits', 'a cost past the limit through a variable', { query: PORTAL, variables: { first: 1_000_000 } }],
    ['execution', 'variables that do not coerce', { query: PORTAL, variables: { first: 'twenty' } }],
    ['execution', 'a resolver that throws (an unknown currency)', { query: PORTAL, variables: { first: 2, currency: 'XXX' } }],
  ];
  it.each(handed)('counts %s for %s', async (reason, _, body, headers) => {
    // Accepted by yoga first (its extensions make the direct path pass), so only this request's reason is left.
    await send({ query: PORTAL, variables: { first: 1 }, extensions: {} });
    expect(await counted(() => send(body, headers))).toEqual({ [reason]: 1 });
  });
});
