import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationCost } from './query-cost';
import { schema } from './schema';

const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const doc = parse(query);
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return operationCost(schema, operation, fragments, variables);
};

describe('operationCost', () => {
  it('multiplies by the page size through the connection, counting it once', () => {
    const small = cost('{ products(first: 20) { edges { node { id name { value } } } } }');
    const large = cost('{ products(first: 100) { edges { node { id name { value } } } } }');
    expect(large.cost).toBeGreaterThan(4 * small.cost);
    expect(small.cost).toBeLessThan(150);
  });
  it('reads page sizes from variables and the declared default', () => {
    expect(cost('query($n: Int) { products(first: $n) { edges { node { id } } } }', { n: 100 }).cost).toBe(
      cost('{ products(first: 100) { edges { node { id } } } }').cost,
    );
    expect(cost('{ products { edges { node { id } } } }').cost).toBe(cost('{ products(first: 20) { edges { node { id } } } }').cost);
  });
  it('counts aliases, fragments and depth', () => {
    const aliased = cost('{ a: products(first: 100) { totalCount } b: products(first: 100) { totalCount } }');
    expect(aliased.aliases).toBe(2);
    const viaFragment = cost('{ products(first: 10) { edges { node { ...F } } } } fragment F on Product { id names { value } }');
    expect(viaFragment.cost).toBe(cost('{ products(first: 10) { edges { node { id names { value } } } } }').cost);
    expect(cost('{ products { edges { node { economy { code } } } } }').depth).toBe(5);
  });
});
