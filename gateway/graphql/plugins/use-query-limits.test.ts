import { getIntrospectionQuery } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../query-cost';
import { schema } from '../schema';
import { useQueryLimits } from './use-query-limits';

const run = async (query: string, limits = LIMITS) => {
  const yoga = createYoga({ schema, plugins: [useQueryLimits(limits)], logging: false });
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { errors?: Array<{ extensions: { code: string } }> };
};
const codes = (r: { errors?: Array<{ extensions: { code: string } }> }) => (r.errors ?? []).map((e) => e.extensions.code);

describe('useQueryLimits', () => {
  it('refuses an operation deeper than the limit before executing it', async () => {
    const query = '{ categories { code } economies { code } }';
    expect(codes(await run(query, { ...LIMITS, maxDepth: 1 }))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codes(await run('{ categories { code } }', { ...LIMITS, maxDepth: 2, maxCost: 1000 }))).not.toContain('QUERY_TOO_COMPLEX');
  });

  it("lets GraphiQL's standard introspection through, and refuses deeper introspection", async () => {
    expect(codes(await run(getIntrospectionQuery()))).toEqual([]);
    const nest = (n: number): string => (n === 0 ? 'name' : `name ofType { ${nest(n - 1)} }`);
    expect(codes(await run(`{ __schema { types { fields { type { ${nest(20)} } } } } }`))).toEqual(['QUERY_TOO_COMPLEX']);
  });
});
