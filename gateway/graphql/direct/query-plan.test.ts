import { makeExecutableSchema } from '@graphql-tools/schema';
import DataLoader from 'dataloader';
import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { FragmentMemo } from './fragment-memo';
import { compileQuery, type QueryPlan } from './query-plan';

/** Calls of Item.name: how a test sees whether an answer was kept. */
let names = 0;

/** A small schema of its own, with what the gateway's plans meet: lists, nulls, promises, a loader, an interface. */
const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    scalar JSON
    interface Node { id: ID! }
    type Query {
      shelf(first: Int = 2, lang: String): Shelf!
      item(id: ID!): Item
      node(id: ID!): Node
      broken: Item
      failing: String
      strict: Item!
      nothing: String
    }
    type Shelf { count: Int! items: [Item!]! labels: [String] }
    type Item implements Node { id: ID! name(lang: String): String price: Float meta: JSON tags: [String!]! twin: Item }
  `,
  resolvers: {
    JSON: { serialize: (v: unknown) => v, parseValue: (v: unknown) => v },
    Node: { __resolveType: () => 'Item' },
    Query: {
      shelf: async (_: unknown, args: { first: number; lang?: string }) => ({
        count: args.first,
        items: Array.from({ length: args.first }, (_, i) => ({ id: `i${i}`, lang: args.lang })),
        labels: ['a', null, 'c'],
      }),
      item: (_: unknown, args: { id: string }, ctx: { items: DataLoader<string, { id: string }> }) => ctx.items.load(args.id),
      node: (_: unknown, args: { id: string }) => ({ id: args.id }),
      broken: () => ({ id: null }),
      failing: async () => {
        throw new Error('boom');
      },
      strict: () => null,
      nothing: () => undefined,
    },
    Item: {
      name: (item: { id: string; lang?: string }, args: { lang?: string }) => {
        names++;
        return `${item.id}:${args.lang ?? item.lang ?? 'en'} «名»`;
      },
      price: (item: { id: string }) => (item.id === 'i1' ? null : 12.5),
      meta: (item: { id: string }) => ({ id: item.id, nested: [1, 'two', { three: true }] }),
      tags: () => Promise.resolve(['x', 'y']),
      twin: (item: { id: string }) => ({ id: `${item.id}-twin` }),
    },
  },
});

const context = () => {
  const batches: string[][] = [];
  const items = new DataLoader(async (ids: readonly string[]) => {
    batches.push([...ids]);
    return ids.map((id) => ({ id }));
  });
  return { items, batches };
};

/** graphql-js's answer, serialized as yoga serializes it. */
async function reference(query: string, variables?: Record<string, unknown>): Promise<string> {
  return JSON.stringify(await execute({ schema, document: parse(query), variableValues: variables, contextValue: context() }));
}

/** Plans by query text and memo, compiled once as direct execution compiles them. */
const plans = new Map<string, QueryPlan>();
const memoNumbers = new Map<FragmentMemo, number>();

async function planned(query: string, variables?: Record<string, unknown>, ctx: object = context(), memo?: FragmentMemo): Promise<string | undefined> {
  if (memo && !memoNumbers.has(memo)) memoNumbers.set(memo, memoNumbers.size);
  const key = `${memo ? memoNumbers.get(memo) : ''}\n${query}`;
  const plan = plans.get(key) ?? compileQuery(schema, parse(query), undefined, { memo });
  if (!plan) throw new Error('no plan');
  plans.set(key, plan);
  const json = await plan.run(variables, ctx);
  return json && new TextDecoder().decode(json);
}

describe('compileQuery', () => {
  const same: Array<[string, string, Record<string, unknown>?]> = [
    [
      'a page with variables',
      'query($n: Int, $l: String) { shelf(first: $n, lang: $l) { count items { id name price meta tags } labels } }',
      { n: 3, l: 'vi' },
    ],
    ['defaults and literal arguments', '{ shelf { count items { id name(lang: "ja") } } }'],
    ['aliases and merged fields', '{ s: shelf(first: 1) { items { id } items { name } } t: shelf(first: 2) { count } }'],
    ['aliases named like Object.prototype’s members', '{ constructor: shelf(first: 1) { toString: count hasOwnProperty: labels } }'],
    [
      'fragments, inline fragments and __typename',
      'query { __typename shelf { ...S ... on Shelf { labels } } } fragment S on Shelf { __typename items { ...I } } fragment I on Item { id twin { id __typename } }',
    ],
    ['literal @skip and @include', '{ shelf { count @skip(if: true) labels @include(if: true) items @include(if: false) { id } } }'],
    ['a nullable field that is null, and one that is undefined', '{ item(id: "i1") { id price } nothing }'],
    ['a fragment on an interface the type implements', '{ item(id: "i3") { ... on Node { id } } }'],
  ];
  it.each(same)('writes what JSON.stringify makes of graphql-js’s result: %s', async (_, query, variables) => {
    expect(await planned(query, variables)).toBe(await reference(query, variables));
  });

  it('starts siblings together, so a DataLoader batches their loads as under graphql-js', async () => {
    const ctx = context();
    await planned('{ a: item(id: "1") { id } b: item(id: "2") { id } c: item(id: "3") { id } }', undefined, ctx);
    expect(ctx.batches).toEqual([['1', '2', '3']]);
  });

  it.each([
    ['a resolver that rejects', '{ failing }'],
    ['a null for a non-null field', '{ strict { id } }'],
    ['a non-null id that is null', '{ broken { id } }'],
  ])('gives up on %s (graphql-js answers with its errors)', async (_, query) => {
    expect(await planned(query)).toBeUndefined();
  });

  it('gives up on variables that do not coerce', async () => {
    expect(await planned('query($n: Int) { shelf(first: $n) { count } }', { n: 'many' })).toBeUndefined();
  });

  it('leaves to graphql-js what it does not compile', () => {
    for (const query of [
      '{ node(id: "x") { id } }',
      'query($s: Boolean!) { shelf { count @skip(if: $s) } }',
      '{ __schema { queryType { name } } }',
      '{ __proto__: shelf { count } }',
      'mutation { x }',
    ]) {
      expect(compileQuery(schema, parse(query)), query).toBeUndefined();
    }
  });

  it('leaves no rejection unhandled when a run gives up while siblings are pending', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      expect(await planned('{ a: failing b: failing shelf { items { tags } } c: strict { id } }')).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
  });
});

describe('compileQuery with a fragment memo', () => {
  /** Items kept by id and language; `meta` is left impure on purpose. */
  const memo = (maxBytes?: number) =>
    new FragmentMemo({
      keys: { Item: (item) => [(item as { id: string }).id, (item as { lang?: string }).lang] },
      pure: new Set(['Item.name', 'Item.price', 'Item.tags', 'Item.twin']),
      scope: (ctx) => (ctx as { scope?: string }).scope ?? '',
      maxBytes,
    });

  it('writes the same bytes as graphql-js, computed and then kept', async () => {
    const kept = memo();
    const queries = [
      ['query($l: String) { shelf(first: 3, lang: $l) { count items { id name price tags twin { id name } } labels } }', { l: 'th' }],
      ['{ shelf(first: 2, lang: "ja") { items { __typename id n: name(lang: "vi") price } } }', undefined],
    ] as const;
    for (const [query, variables] of queries) {
      const expected = await reference(query, variables);
      expect(await planned(query, variables, context(), kept)).toBe(expected);
      const before = names;
      expect(await planned(query, variables, context(), kept)).toBe(expected);
      expect(names, 'the second run reads kept answers').toBe(before);
    }
    expect(kept.bytes).toBeGreaterThan(0);
  });

  it('keeps answers apart by plan, key and scope', async () => {
    const kept = memo();
    const query = '{ shelf(first: 1, lang: "en") { items { id name } } }';
    await planned(query, undefined, { ...context(), scope: 'a' }, kept);
    const before = names;
    await planned(query, undefined, { ...context(), scope: 'b' }, kept);
    await planned('{ shelf(first: 1, lang: "en") { items { name } } }', undefined, context(), kept);
    expect(await planned('{ shelf(first: 1, lang: "id") { items { id name } } }', undefined, context(), kept)).toContain('i0:id');
    expect(names - before).toBe(3);
  });

  it.each([
    ['a variable argument inside', 'query($l: String) { shelf(first: 1) { items { name(lang: $l) } } }'],
    ['an impure field inside', 'query($l: String) { shelf(first: 1, lang: $l) { items { name meta } } }'],
  ])('keeps nothing for a selection with %s', async (_, query) => {
    const kept = memo();
    for (const l of ['vi', 'ja']) {
      expect(await planned(query, { l }, context(), kept)).toBe(await reference(query, { l }));
    }
    expect(kept.bytes).toBe(0);
  });

  it('holds no more bytes than its bound', async () => {
    const kept = memo(200);
    for (const lang of ['en', 'ja', 'vi', 'th', 'id', 'ms'])
      await planned(`{ shelf(first: 3, lang: "${lang}") { items { id name price } } }`, undefined, context(), kept);
    expect(kept.bytes).toBeGreaterThan(0);
    expect(kept.bytes).toBeLessThanOrEqual(200);
  });
});
