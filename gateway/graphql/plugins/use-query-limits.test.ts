import { getIntrospectionQuery } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { QUERY_LIMITS } from '../../limits/query-limits';
import { schema } from '../schema';
import { useQueryLimits, type QueryLimitsOptions } from './use-query-limits';

const run = async (query: string, options: QueryLimitsOptions = {}, variables?: Record<string, unknown>) => {
  const yoga = createYoga({ schema, plugins: [useQueryLimits(options)], logging: false });
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { errors?: Array<{ message: string; extensions: { code: string } }> };
};
const codes = (r: { errors?: Array<{ extensions: { code: string } }> }) => (r.errors ?? []).map((e) => e.extensions.code);

describe('useQueryLimits', () => {
  it('refuses an operation deeper than the limit before executing it', async () => {
    const query = '{ categories { code } economies { code } }';
    expect(codes(await run(query, { limits: { ...QUERY_LIMITS, maxDepth: 1 } }))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(await run('{ categories { code } }', { limits: { ...QUERY_LIMITS, maxDepth: 2, maxCost: 1000 } }))).not.toContain('QUERY_TOO_COMPLEX');
  });

  it("lets GraphiQL's standard introspection through, and refuses deeper introspection", async () => {
    expect(codes(await run(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true })))).toEqual([]);
    const nest = (n: number): string => (n === 0 ? 'name' : `name ofType { ${nest(n - 1)} }`);
    expect(codes(await run(`{ __schema { types { fields { type { ${nest(20)} } } } } }`))).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('applies the token limit at parse time', async () => {
    const result = await run(`{ ${'__typename '.repeat(50)} }`, { limits: { ...QUERY_LIMITS, maxTokens: 20 } });
    expect(codes(result)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(result.errors![0]!.message).toMatch(/tokens/);
  });

  it('measures with the request variables each time, even when the document was validated before', async () => {
    const query = 'query($n: Int) { products(first: $n) { edges { node { id } } } }';
    const limits = { ...QUERY_LIMITS, maxCost: 50 };
    const yoga = createYoga({ schema, plugins: [useQueryLimits({ limits })], logging: false });
    const ask = async (n: number) =>
      (await (
        await yoga.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables: { n } }),
        })
      ).json()) as any;
    expect(codes(await ask(2))).not.toContain('QUERY_TOO_COMPLEX');
    expect(codes(await ask(100))).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('takes suggestions out unless asked for them', async () => {
    const off = await run('{ economie { code } }');
    expect(off.errors![0]!.message).toBe('Cannot query field "economie" on type "Query".');
    const on = await run('{ economie { code } }', { suggestions: true });
    expect(on.errors![0]!.message).toMatch(/Did you mean "economies"\?/);
  });
});
