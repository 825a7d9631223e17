import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../graphql/schema';
import { checkQueryLimits, QUERY_LIMITS } from './query-limits';

const code = (run: () => void) => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code ?? String(error);
  }
};

describe('checkQueryLimits', () => {
  it('checks the named operation only, with its variables, even for a document that passed before', () => {
    const doc = parse(
      'query Small($n: Int) { products(first: $n) { edges { node { id } } } } query Big { a: products(first: 100) { edges { node { id names { value } certifications { scheme } } } } }',
    );
    expect(code(() => checkQueryLimits(schema, doc, { operationName: 'Small', variables: { n: 5 } }))).toBe('ok');
    expect(code(() => checkQueryLimits(schema, doc, { operationName: 'Small', variables: { n: 5 } }))).toBe('ok');
    expect(code(() => checkQueryLimits(schema, doc, { operationName: 'Small', variables: { n: 1e9 } }))).toBe('QUERY_TOO_COMPLEX');
    expect(code(() => checkQueryLimits(schema, doc, { operationName: 'Big' }))).toBe('ok');
  });

  it('refuses with QUERY_TOO_COMPLEX and says which bound', () => {
    const fragments = Array.from({ length: QUERY_LIMITS.maxFragments + 1 }, (_, i) => `fragment F${i} on Query { __typename }`).join(' ');
    expect(() => checkQueryLimits(schema, parse(`{ __typename } ${fragments}`), {})).toThrow(/fragments/);
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: __typename`).join(' ');
    expect(code(() => checkQueryLimits(schema, parse(`{ ${aliases} }`), {}))).toBe('QUERY_TOO_COMPLEX');
  });
});
