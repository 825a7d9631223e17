import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildClientSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * Relay, a client nobody here wrote, compiles a paginated product list (`@connection`) and a
 * refetchable product card (`@refetchable`) against the schema the running gateway serves.
 */
const RELAY = resolve('node_modules/.bin/relay-compiler');

const PRODUCT_LIST = `
import { graphql } from 'react-relay';
export const query = graphql\`
  query ProductListQuery($first: Int!, $after: String) {
    ...ProductList_query @arguments(first: $first, after: $after)
  }
\`;
export const fragment = graphql\`
  fragment ProductList_query on Query
  @argumentDefinitions(first: { type: "Int!" }, after: { type: "String" })
  @refetchable(queryName: "ProductListPaginationQuery") {
    products(first: $first, after: $after, currency: "USD") @connection(key: "ProductList_products") {
      totalCount
      edges { node { id ...ProductCard_product } }
    }
  }
\`;
`;

const PRODUCT_CARD = `
import { graphql } from 'react-relay';
export const fragment = graphql\`
  fragment ProductCard_product on Product @refetchable(queryName: "ProductCardRefetchQuery") {
    id
    name(lang: "en") { value lang fallback }
    price(currency: "USD") { amount currency formatted }
    jsonld
  }
\`;
`;

let server: TestGateway;
let project: string;
beforeAll(async () => {
  server = await startGateway();
  project = mkdtempSync(join(tmpdir(), 'ovop-relay-'));
});
afterAll(async () => {
  await server?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

async function servedSchema(): Promise<string> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: getIntrospectionQuery({ specifiedByUrl: true }) }),
  });
  const { data, errors } = (await res.json()) as { data: any; errors?: unknown };
  expect(errors).toBeUndefined();
  return printSchema(buildClientSchema(data));
}

const relay = (...args: string[]) =>
  promisify(execFile)(RELAY, args, { cwd: project }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, output: `${error.stdout}${error.stderr}` }),
  );

describe('relay-compiler against the served schema', () => {
  it('prints a schema with Node, Relay page info and a specified JSON scalar', async () => {
    const sdl = await servedSchema();
    expect(sdl).toContain('interface Node');
    expect(sdl).toMatch(/type Product implements Node/);
    expect(sdl).toMatch(/scalar JSON @specifiedBy\(url: "https:\/\/www\.rfc-editor\.org\/rfc\/rfc8259"\)/);
  });

  it('compiles, then validates, a @connection on products and a @refetchable product fragment', async () => {
    writeFileSync(join(project, 'schema.graphql'), await servedSchema());
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'src', 'ProductList.ts'), PRODUCT_LIST);
    writeFileSync(join(project, 'src', 'ProductCard.ts'), PRODUCT_CARD);
    writeFileSync(join(project, 'relay.config.json'), JSON.stringify({ src: './src', schema: './schema.graphql', language: 'typescript' }));
    const compiled = await relay();
    expect(compiled.code, compiled.output).toBe(0);
    expect(readdirSync(join(project, 'src', '__generated__'))).toContain('ProductCardRefetchQuery.graphql.ts');
    const validated = await relay('--validate');
    expect(validated.code, validated.output).toBe(0);
  }, 60_000);
});

describe('global object identification and Relay page info', () => {
  it('refetches a product through node and nodes; an unknown id is null, not an error', async () => {
    const { data, errors } = await server.graphql(`{
      node(id: "vn-ocop:LS-0001") { __typename id ... on Product { name(lang: "en") { value } } }
      missing: node(id: "vn-ocop:NOPE") { id }
      nodes(ids: ["jp-ovop:OITA-0001", "nope:x", "vn-ocop:LS-0001"]) { id }
    }`);
    expect(errors).toBeUndefined();
    expect(data.node).toMatchObject({ __typename: 'Product', id: 'vn-ocop:LS-0001' });
    expect(data.node.name.value).toBeTruthy();
    expect(data.missing).toBeNull();
    expect(data.nodes).toEqual([{ id: 'jp-ovop:OITA-0001' }, null, { id: 'vn-ocop:LS-0001' }]);
  });

  it('refuses more than 100 ids in one nodes call with BAD_USER_INPUT', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `vn-ocop:X-${i}`);
    const { errors } = await server.graphql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('pages forward with startCursor and hasPreviousPage', async () => {
    const page =
      '($after: String) { products(first: 3, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }';
    const first = (await server.graphql(`query${page}`)).data.products;
    expect(first.pageInfo.hasPreviousPage).toBe(false);
    expect(first.pageInfo.startCursor).toBe(first.edges[0].cursor);
    expect(first.pageInfo.endCursor).toBe(first.edges[2].cursor);
    const second = (await server.graphql(`query${page}`, { after: first.pageInfo.endCursor })).data.products;
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    expect(second.pageInfo.startCursor).toBe(second.edges[0].cursor);
    expect(second.edges[0].node.id).not.toBe(first.edges[2].node.id);
  });
});
