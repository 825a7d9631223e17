import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DirectExecution } from '../gateway/graphql/direct/direct-execution';
import { startGateway, type TestGateway } from './helpers/gateway';
import { startUpstreams, type TestUpstreams } from './helpers/upstreams';

/**
 * Direct execution over real HTTP: once yoga has accepted a query, the same text with other
 * variables is answered without yoga. Every answer must be the one yoga gives (bytes, status,
 * headers that matter), and whatever is odd about a request (its parameters, its Accept, its
 * variables, a connector down) must still get yoga's answer, code and all.
 */

const PORTAL = `query Portal($text: String, $lang: String, $currency: String, $first: Int, $after: String) {
  products(first: $first, after: $after, currency: $currency, lang: $lang, filter: { text: $text }) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { __typename id name { value lang fallback } price { amount currency formatted } rating { value max } category { code label } origin { country region } } }
  }
}`;

let server: TestGateway;
const spy = vi.spyOn(DirectExecution.prototype, 'answer');

beforeAll(async () => {
  // The response cache off: every request is computed, so each one shows which path answered it.
  server = await startGateway({ RESPONSE_CACHE_ENTRIES: '0' });
  await send({ query: PORTAL, variables: { first: 1 } });
});
afterAll(() => server.close());

/** POSTs a body as it is; the answer's status, media type and text. */
async function send(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** Yoga's own answer to the same parameters: `extensions` (which direct execution leaves to yoga) set to {}. */
const viaYoga = (params: Record<string, unknown>, headers?: Record<string, string>) => send({ ...params, extensions: {} }, headers);

/** Whether the last request was answered by direct execution. */
async function lastWasDirect(): Promise<boolean> {
  const result = spy.mock.results.at(-1);
  return result !== undefined && (await result.value) !== undefined;
}

describe('direct execution answers as yoga does', () => {
  const variants = [
    { text: 'kopi', lang: 'id', currency: 'IDR', first: 10 },
    { text: 'ｶﾎﾞｽ', lang: 'ja', currency: 'JPY', first: 5 },
    { text: 'lạp xưởng', lang: 'vi', currency: 'VND', first: 3 },
    { text: null, lang: 'th', currency: 'EUR', first: 50 },
    { lang: 'fil', currency: 'PHP' },
  ];
  it.each(variants)('the portal query, byte for byte: %j', async (variables) => {
    const direct = await send({ query: PORTAL, variables });
    expect(await lastWasDirect()).toBe(true);
    const yoga = await viaYoga({ query: PORTAL, variables });
    expect(await lastWasDirect()).toBe(false);
    expect(direct).toEqual(yoga);
    expect(direct.status).toBe(200);
    expect(JSON.parse(direct.text).errors).toBeUndefined();
  });

  it('follows a cursor it signed to the next page', async () => {
    const first = JSON.parse((await send({ query: PORTAL, variables: { first: 2 } })).text).data.products;
    const next = await send({ query: PORTAL, variables: { first: 2, after: first.pageInfo.endCursor } });
    expect(await lastWasDirect()).toBe(true);
    expect(next).toEqual(await viaYoga({ query: PORTAL, variables: { first: 2, after: first.pageInfo.endCursor } }));
    expect(JSON.parse(next.text).data.products.edges[0].cursor).not.toBe(first.edges[0].cursor);
  });

  it('answers each visitor in their own language and currency, whatever products an earlier one was shown', async () => {
    // The same products, kept once per language and currency: what a request's headers change, the
    // kept answers must follow (no lang argument: Accept-Language decides).
    const visitors: Array<Record<string, string>> = [{ 'accept-language': 'ja' }, { 'accept-language': 'vi-VN,vi;q=0.9' }, { 'accept-language': 'th' }, {}];
    for (const headers of [...visitors, ...visitors]) {
      for (const variables of [{ first: 8 }, { first: 8, currency: 'JPY' }]) {
        const direct = await send({ query: PORTAL, variables }, headers);
        expect(await lastWasDirect()).toBe(true);
        expect(direct).toEqual(await viaYoga({ query: PORTAL, variables }, headers));
      }
    }
    const names = async (headers: Record<string, string>) =>
      JSON.parse((await send({ query: PORTAL, variables: { first: 8 } }, headers)).text).data.products.edges.map((e: any) => e.node.name.lang);
    expect(await names({ 'accept-language': 'ja' })).not.toEqual(await names({ 'accept-language': 'th' }));
  });

  it.each(['application/json', 'application/graphql-response+json', '*/*', 'application/*;q=0.9, text/html', 'text/html, application/graphql-response+json'])(
    'negotiates the media type yoga would for Accept: %s',
    async (accept) => {
      const params = { query: PORTAL, variables: { first: 2, lang: 'ms' } };
      const direct = await send(params, { accept });
      expect(await lastWasDirect()).toBe(true);
      expect(direct).toEqual(await viaYoga(params, { accept }));
    },
  );
});

describe('what direct execution must leave to yoga', () => {
  const attacks: Array<[string, unknown, Record<string, string>?]> = [
    ['an unknown parameter', { query: PORTAL, variables: { first: 2 }, smuggled: true }],
    ['variables that do not coerce', { query: PORTAL, variables: { first: 'twenty' } }],
    ['variables as a list', { query: PORTAL, variables: [1, 2] }],
    ['a page size past the bound', { query: PORTAL, variables: { first: 101 } }],
    ['a cost past the limit through a variable', { query: PORTAL, variables: { first: 1_000_000 } }],
    ['a made-up cursor', { query: PORTAL, variables: { first: 2, after: 'djE6bm9wZTo1.forged' } }],
    ['an unknown currency', { query: PORTAL, variables: { first: 2, currency: 'XXX' } }],
    ['an event stream asked for', { query: PORTAL, variables: { first: 2 } }, { accept: 'text/event-stream' }],
    ['a charset yoga does not speak', { query: PORTAL, variables: { first: 2 } }, { accept: 'application/json; charset=iso-8859-1' }],
  ];
  it.each(attacks)('%s: yoga’s answer, with its status and code', async (_, body, headers) => {
    const answer = await send(body, headers);
    expect(await lastWasDirect()).toBe(false);
    const yoga = Array.isArray((body as { variables?: unknown }).variables)
      ? await send(body, headers)
      : await viaYoga(body as Record<string, unknown>, headers);
    expect(answer).toEqual(yoga);
    if (!headers?.accept) {
      expect(answer.status === 200 ? JSON.parse(answer.text).errors?.[0]?.extensions?.code : answer.status).toBeTruthy();
    }
  });

  it('gives each operation of a document its own answer', async () => {
    const document = 'query A { categories(lang: "ja") { code label } } query B { economies { code } }';
    for (const operationName of ['A', 'B', 'A', 'B']) {
      const answer = JSON.parse((await send({ query: document, operationName })).text);
      expect(Object.keys(answer.data)).toEqual([operationName === 'A' ? 'categories' : 'economies']);
    }
    expect(await lastWasDirect()).toBe(true);
  });

  it('never takes a mutation', async () => {
    const mutation = { query: 'mutation { createEconomyKey(economy: "TH") { key } }' };
    const [first, second] = [await send(mutation), await send(mutation)];
    expect(await lastWasDirect()).toBe(false);
    expect(second).toEqual(first);
    expect(JSON.parse(second.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('still answers after every attack', async () => {
    const answer = await send({ query: PORTAL, variables: { first: 1, lang: 'en' } });
    expect(answer.status).toBe(200);
    expect(await lastWasDirect()).toBe(true);
  });
});

describe('a connector down', () => {
  let upstreams: TestUpstreams;
  let gateway: TestGateway;
  beforeAll(async () => {
    upstreams = await startUpstreams();
    upstreams.fault('my', { kind: 'down' });
    gateway = await startGateway({ CATALOGUE_SOURCE: upstreams.url, RESPONSE_CACHE_ENTRIES: '0', UPSTREAM_TIMEOUT_MS: '600' });
  });
  afterAll(async () => {
    await gateway?.close();
    await upstreams?.close();
  });

  it('reports CONNECTOR_UNAVAILABLE with the other connectors’ data, as yoga does', async () => {
    for (const first of [3, 4]) {
      const { data, errors } = await gateway.graphql(PORTAL, { first });
      expect(data.products.edges).toHaveLength(first);
      expect(errors).toEqual([expect.objectContaining({ extensions: { code: 'CONNECTOR_UNAVAILABLE', connector: 'my-ovop' } })]);
    }
    expect(await lastWasDirect()).toBe(false);
    // The first request was yoga's to prepare; the second, handed over for the connector down, counts.
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/^ovop_direct_fallback_total\{reason="connector_unavailable"\} 1$/m);
    expect(metrics).toMatch(/^ovop_direct_fallback_total\{reason="unprepared"\} 1$/m);
  });
});
