import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { type PreparsedServerContext, usePreparsedParams } from './use-preparsed-params';

const schema = createSchema({
  typeDefs: 'type Query { echo(text: String): String }',
  resolvers: { Query: { echo: (_: unknown, a: { text?: string }) => a.text ?? null } },
});
const yoga = createYoga<PreparsedServerContext>({ schema, plugins: [usePreparsedParams()], logging: false, maxRequestBodySize: false });
const post = (body: string) => new Request('http://gateway.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('usePreparsedParams', () => {
  it('answers from the parameters it is handed, without reading the body', async () => {
    const request = post('this body is never read');
    const params = { query: 'query($t: String) { echo(text: $t) }', variables: { t: 'kopi' } };
    const response = await yoga.fetch(request, { graphqlParams: params });
    expect(await response.json()).toEqual({ data: { echo: 'kopi' } });
    expect(request.bodyUsed).toBe(false);
  });

  it('still has yoga check the parameters', async () => {
    const response = await yoga.fetch(post(''), { graphqlParams: { query: 42 } });
    expect(response.status).toBe(400);
  });

  it('leaves requests without them to yoga', async () => {
    const response = await yoga.fetch(post(JSON.stringify({ query: '{ echo(text: "teh") }' })), {});
    expect(await response.json()).toEqual({ data: { echo: 'teh' } });
  });
});
