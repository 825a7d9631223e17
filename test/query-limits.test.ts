import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * Hostile queries over real HTTP against a real gateway: each is refused with QUERY_TOO_COMPLEX
 * before it is expanded or validated, and the process keeps answering others meanwhile. How fast the
 * refusal comes is logged here and is the bench's to bound: a loaded machine is not a slow server.
 */

/** A 1.7 KB bomb: 26 fragments, each spreading the one before it twice. */
function fragmentBomb(levels = 26): string {
  const fragments = [`fragment F1 on Query { a1: economies { code } }`];
  for (let i = 2; i <= levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} a${i}: economies { code } ...F${i - 1} }`);
  return `query Bomb { ...F${levels} } ${fragments.join(' ')}`;
}

/** A client that gives up after `ms`: a hang fails the test instead of the suite (a bound on hanging, not on speed). */
async function post(url: string, query: string, ms = 20_000): Promise<{ status: number; body: any; ms: number }> {
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
  it('refuses the fragment bomb with QUERY_TOO_COMPLEX, while /healthz keeps answering', async () => {
    const bomb = fragmentBomb();
    expect(bomb.length).toBeLessThan(2000);
    const attack = post(server.url, bomb);
    const health = fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(20_000) }).then((r) => r.status);
    const [refused, healthStatus] = await Promise.all([attack, health]);
    expect(codes(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(healthStatus).toBe(200);
    for (let i = 0; i < 2; i++) expect(codes((await post(server.url, bomb)).body)).toEqual(['QUERY_TOO_COMPLEX']);
    console.log(`fragment bomb refused in ${refused.ms.toFixed(0)} ms (the target is 100 ms; a loaded machine adds its own)`);
  });

  it('refuses a token flood before validating it', async () => {
    const flood = `{ ${'a: __typename '.repeat(60_000)} }`;
    const { body, ms } = await post(server.url, flood);
    expect(codes(body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(body.errors[0].message).toMatch(/tokens/);
    console.log(`token flood refused in ${ms.toFixed(0)} ms`);
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

/** POSTs a raw body to /graphql. */
const postBody = (body: string) => fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('request limits over HTTP (Node)', () => {
  it('refuses a body over 1 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ query: `{ products { totalCount } } # ${'x'.repeat(1024 * 1024)}` });
    const response = await postBody(big);
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses over-deep introspection with QUERY_TOO_COMPLEX (the schema itself nests 6 deep at most)', async () => {
    const deep = '{ products { edges { node { compliance(destination: "JP") { checks { code } } } } } }';
    expect((await server.graphql(deep)).errors).toBeUndefined();
    const nest = (n: number): string => (n === 0 ? 'name' : `ofType { ${nest(n - 1)} }`);
    const { errors } = await server.graphql(`{ __schema { types { fields { type { ${nest(18)} } } } } }`);
    expect(errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });

  it('counts list sizes through nesting and aliases', async () => {
    const one = 'products(first: 100) { edges { node { certifications { scheme } names { value } compliance(destination: "JP") { checks { code } } } } }';
    expect((await server.graphql(`{ a: ${one} }`)).errors).toBeUndefined();
    const { errors } = await server.graphql(`{ ${Array.from({ length: 6 }, (_, i) => `a${i}: ${one}`).join(' ')} }`);
    expect(errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('bounds aliases', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `a${i}: categories { code }`).join(' ');
    expect((await server.graphql(`{ ${many} }`)).errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('does not accept batched operations', async () => {
    const response = await postBody(JSON.stringify([{ query: '{ categories { code } }' }, { query: '{ categories { code } }' }]));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('query limits on Workers', () => {
  let edge: EdgeGateway;
  beforeAll(async () => {
    edge = await startEdgeGateway({ RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '1000' });
  }, 120_000);
  afterAll(() => edge?.close());

  it('refuses the fragment bomb with QUERY_TOO_COMPLEX, and keeps answering', async () => {
    const refused = await post(edge.url, fragmentBomb());
    expect(codes(refused.body)).toEqual(['QUERY_TOO_COMPLEX']);
    expect((await fetch(`${edge.url}/healthz`, { signal: AbortSignal.timeout(20_000) })).status).toBe(200);
    const flood = await post(edge.url, `{ ${'a: __typename '.repeat(20_000)} }`);
    expect(codes(flood.body)).toEqual(['QUERY_TOO_COMPLEX']);
  }, 60_000);
});
