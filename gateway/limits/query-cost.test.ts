import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../graphql/schema';
import { LimitExceeded, operationCost } from './query-cost';
import { QUERY_LIMITS } from './query-limits';

const cost = (query: string, variables: Record<string, unknown> = {}, limits = QUERY_LIMITS) => {
  const doc = parse(query);
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return operationCost(schema, operation, { fragments, variables, limits });
};
const problem = (query: string, limits = QUERY_LIMITS) => {
  try {
    cost(query, {}, limits);
    return undefined;
  } catch (error) {
    if (error instanceof LimitExceeded) return error.problem;
    throw error;
  }
};
/** n fragments, each spreading the one before it twice. */
const bomb = (n: number) => {
  const fragments = ['fragment F1 on Query { a1: economies { code } }'];
  for (let i = 2; i <= n; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} a${i}: economies { code } ...F${i - 1} }`);
  return `{ ...F${n} } ${fragments.join(' ')}`;
};
const unbounded = { ...QUERY_LIMITS, maxDepth: 1e9, maxCost: 1e15, maxAliases: 1e15, maxSpreads: 1e15, maxIntrospectionDepth: 1e9 };

describe('operationCost', () => {
  it('counts nodes(ids:) as many items as it names, literal or from a variable', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `"vn-ocop:LS-${i}"`).join(', ');
    const one = cost(`{ nodes(ids: [${ids(1)}]) { id ... on Product { name { value } } } }`).cost;
    const hundred = cost(`{ nodes(ids: [${ids(100)}]) { id ... on Product { name { value } } } }`).cost;
    expect(hundred).toBeGreaterThan(50 * one);
    const viaVariable = cost('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 100 }, (_, i) => `x:${i}`) }).cost;
    expect(viaVariable).toBeGreaterThan(cost('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['x:1'] }).cost * 50);
  });

  it('multiplies by the page size through the connection, counting it once', () => {
    const small = cost('{ products(first: 20) { edges { node { id name { value } } } } }');
    const large = cost('{ products(first: 100) { edges { node { id name { value } } } } }');
    expect(large.cost).toBeGreaterThan(4 * small.cost);
    expect(small.cost).toBeLessThan(150);
  });
  it('reads page sizes from variables, their defaults and the declared default', () => {
    const hundred = cost('{ products(first: 100) { edges { node { id } } } }').cost;
    expect(cost('query($n: Int) { products(first: $n) { edges { node { id } } } }', { n: 100 }).cost).toBe(hundred);
    expect(cost('query($n: Int = 100) { products(first: $n) { edges { node { id } } } }').cost).toBe(hundred);
    expect(cost('{ products { edges { node { id } } } }').cost).toBe(cost('{ products(first: 20) { edges { node { id } } } }').cost);
  });
  it('counts aliases, fragments and depth as the expanded query would', () => {
    const aliased = cost('{ a: products(first: 100) { totalCount } b: products(first: 100) { totalCount } }');
    expect(aliased.aliases).toBe(2);
    const viaFragment = cost('{ products(first: 10) { edges { node { ...F } } } } fragment F on Product { id names { value } }');
    expect(viaFragment.cost).toBe(cost('{ products(first: 10) { edges { node { id names { value } } } } }').cost);
    expect(cost('{ products { edges { node { economy { code } } } } }').depth).toBe(5);
    expect(cost('{ ...F } fragment F on Query { products { edges { node { economy { code } } } } }').depth).toBe(5);
  });
  it('counts a fragment spread twice as twice its cost, memoized, so exponential documents are measured exactly', () => {
    const b = cost(bomb(10), {}, unbounded);
    expect(b.aliases).toBe(2 ** 10 - 1);
    expect(b.spreads).toBe(2 ** 10 - 1);
    const big = cost(bomb(40), {}, unbounded);
    expect(big.aliases).toBe(2 ** 40 - 1);
  });
  it('stops at the first bound passed', () => {
    expect(problem(bomb(26))).toMatch(/aliases|spreads|cost/);
    expect(problem('{ products { edges { node { economy { code } } } } }', { ...QUERY_LIMITS, maxDepth: 4 })).toMatch(/depth/);
    expect(problem('{ economies { code } }', { ...QUERY_LIMITS, maxCost: 5 })).toMatch(/cost/);
  });
  it('measures introspection on its own depth, free of cost, fragments included', () => {
    const intro = cost('{ __schema { types { ...T } } } fragment T on __Type { name fields { name type { name } } }');
    expect(intro.cost).toBe(0);
    expect(intro.depth).toBe(1);
    expect(intro.introspectionDepth).toBe(5);
  });
  it('measures fields under abstract and unknown types too', () => {
    const nest = (n: number): string => (n === 0 ? 'leaf' : `f${n} { ${nest(n - 1)} }`);
    expect(cost(`{ nope { ${nest(10)} } }`, {}, unbounded).depth).toBe(12);
    expect(cost('{ nodes(ids: ["x"]) { ... on Product { economy { code } } } }', {}, unbounded).depth).toBeGreaterThanOrEqual(2);
  });
  it('survives a fragment cycle (validation refuses it)', () => {
    expect(cost('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A economies { code } }').cost).toBeGreaterThan(0);
  });
});
