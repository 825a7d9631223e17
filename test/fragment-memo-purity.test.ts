import { defaultFieldResolver, type GraphQLField, type GraphQLObjectType, type GraphQLResolveInfo, getNamedType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type GatewayContext, type GatewayServices } from '../gateway/graphql/context';
import { IMPURE_FIELDS, PURE_FIELDS, productFragments } from '../gateway/graphql/resolvers/fragments';
import type { ProductRef } from '../gateway/graphql/resolvers/refs';
import { schema } from '../gateway/graphql/schema';
import type { IndexedProduct } from '../gateway/federation/snapshot';
import { languagePreferences } from '../gateway/normalize/language';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * PURE_FIELDS is the fragment memo's licence to answer a product card once and copy its JSON into
 * later requests: a field named there must read nothing but its source (the product record, its
 * currency and languages, which the memo keys on), its constant arguments and the request's scope
 * (what productFragments.scope reads). This suite ties the claim to the resolvers themselves, on
 * real records of the bundled catalogue:
 * - every claimed-pure resolver, run with a context that throws on any read outside the scope
 *   (and, for a product, a source that throws on any read the memo's key does not cover),
 *   answers, and answers what it answers with a real context;
 * - run with two real contexts that differ in everything but the scope (another federation,
 *   another day, another origin, another request id), it answers the same data, no closure;
 * - every field with a resolver of its own is claimed pure, listed impure, or on a root type, and
 *   every name in either list is a field of the schema.
 */

const ROOTS = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name]);

/** Values each argument is tried with (undefined: left out). */
const ARGUMENT_VALUES: Record<string, unknown[]> = {
  lang: [undefined, 'ja', 'th', 'fr'],
  currency: [undefined, 'JPY', 'THB', 'USD'],
  locale: [undefined, 'de', 'ja'],
  destination: ['JP', 'US', 'AU'],
};

/** Sources tried per type. */
const SOURCES_PER_TYPE = 60;

let a: TestGateway;
let b: TestGateway;
let contextA: GatewayContext;
let contextB: GatewayContext;
/** What of a context the memo's scope reads: all a pure resolver may read of it. */
let scopeKeys: Set<PropertyKey>;
/** What of a product's source the memo's key covers: read freely, or only on the way. */
const productPaths = { whole: new Set<string>(), through: new Set<string>() };
/** Sources of each object type beneath Product, made by the resolvers from real records. */
const sources = new Map<string, unknown[]>();

/** The services of a gateway, with its own clock and stand-ins for what no resolver here should read. */
function servicesOf(gateway: TestGateway, rates: GatewayServices['rates'], day: string): GatewayServices {
  const stand = (name: string) => ({ standIn: name }) as never;
  return {
    federation: gateway.gateway.federation,
    changes: stand('changes'),
    rates,
    clock: () => new Date(day),
    keys: stand('keys'),
    clientKeys: stand('clientKeys'),
    registrations: gateway.gateway.registrations,
    cursors: stand('cursors'),
    origin: stand('origin'),
    log: () => {},
  };
}

/** A context that throws on a read of anything but `allowed` (and that records what `scope` reads). */
function guarded(context: GatewayContext, allowed?: Set<PropertyKey>, read?: Set<PropertyKey>): GatewayContext {
  const check = (key: PropertyKey) => {
    read?.add(key);
    if (allowed && !allowed.has(key)) throw new Error(`reads the context's ${String(key)}, outside the request scope`);
  };
  return new Proxy(context, {
    get: (target, key, receiver) => (check(key), Reflect.get(target, key, receiver)),
    has: (target, key) => (check(key), Reflect.has(target, key)),
    ownKeys: () => {
      throw new Error('enumerates the context');
    },
  });
}

/**
 * A source that throws on a read outside `whole` (paths read freely, with all below them) and
 * `through` (paths read only on the way to a whole one); `read` records the paths read.
 */
function guardedSource(value: object, paths: { whole?: Set<string>; through?: Set<string>; read?: Set<string> }, at = ''): object {
  return new Proxy(value, {
    get(target, key, receiver) {
      const inner = Reflect.get(target, key, receiver);
      if (typeof key === 'symbol') return inner;
      const path = at ? `${at}.${key}` : key;
      paths.read?.add(path);
      if (!paths.whole) return inner && typeof inner === 'object' ? guardedSource(inner, paths, path) : inner;
      if ([...paths.whole].some((whole) => path === whole || path.startsWith(`${whole}.`))) return inner;
      if (paths.through?.has(path) && inner && typeof inner === 'object') return guardedSource(inner, paths, path);
      throw new Error(`reads its source's ${path}, which the memo's key does not cover`);
    },
  });
}

/** Every combination of the tried values of a field's arguments. */
function argumentSets(field: GraphQLField<unknown, unknown>): Array<Record<string, unknown>> {
  let sets: Array<Record<string, unknown>> = [{}];
  for (const argument of field.args) {
    const values = ARGUMENT_VALUES[argument.name];
    if (!values) throw new Error(`no values to try for ${field.name}(${argument.name}): add them to ARGUMENT_VALUES`);
    sets = sets.flatMap((set) => values.map((value) => (value === undefined ? set : { ...set, [argument.name]: value })));
  }
  return sets;
}

/** Runs a field's resolver (or graphql-js's default) as graphql-js would, awaited. */
async function resolve(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>, source: unknown, args: Record<string, unknown>, context: unknown) {
  const info = { fieldName: field.name, parentType: type, returnType: field.type, schema } as unknown as GraphQLResolveInfo;
  return await (field.resolve ?? defaultFieldResolver)(source, args, context, info);
}

/** Throws when an answer holds anything but data (a function, a promise): the memo writes it as JSON. */
function assertData(value: unknown, path: string): void {
  if (typeof value === 'function') throw new Error(`${path} is a function`);
  if (value && typeof value === 'object') {
    if (typeof (value as { then?: unknown }).then === 'function') throw new Error(`${path} is a promise`);
    for (const [key, item] of Object.entries(value)) assertData(item, `${path}.${key}`);
  }
}

beforeAll(async () => {
  a = await startGateway();
  b = await startGateway();
  const rates = a.gateway.rates.current();
  const headers = { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.5' };
  contextA = createContext(
    servicesOf(a, () => rates, '2026-03-01T00:00:00Z'),
    {
      request: new Request('https://a.example/graphql', { headers }),
      requestId: 'request-a',
    },
  );
  contextB = createContext(
    servicesOf(b, () => rates, '2031-11-30T23:59:59Z'),
    {
      request: new Request('http://b.example:8080/graphql', { headers: { ...headers, 'x-other': 'b' } }),
      requestId: 'request-b',
    },
  );
  scopeKeys = new Set();
  productFragments.scope(guarded(contextA, undefined, scopeKeys));

  // Real records, spread over the whole bundled catalogue, as products of every request scope.
  const index = await a.gateway.federation.index();
  const ids = index.ids();
  const step = Math.max(1, Math.floor(ids.length / 40));
  const items = (await index.lookup(ids.filter((_, i) => i % step === 0))).filter((item): item is IndexedProduct => item !== null);
  const refs: ProductRef[] = [];
  for (const item of items)
    for (const [currency, languages] of [
      [null, languagePreferences(null, 'en')],
      ['JPY', languagePreferences('ja', null)],
      ['EUR', languagePreferences(null, 'th,en;q=0.5')],
    ] as const)
      refs.push({ item, currency, languages });
  sources.set('Product', refs);

  // What the memo's key of a product reads of its source: its leaves are read freely below, the
  // rest only on the way. A record is one harvest's (its identity says its fetchedAt too).
  const read = new Set<string>();
  productFragments.keys.Product!(guardedSource(refs[0]!, { read }));
  for (const path of read) ([...read].some((other) => other.startsWith(`${path}.`)) ? productPaths.through : productPaths.whole).add(path);
  productPaths.whole.add('item.fetchedAt');

  // Every object type beneath Product, with sources its parents' resolvers made (context A's).
  const queue = ['Product'];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const type = schema.getType(name) as GraphQLObjectType;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isObjectType(named)) continue;
      const found = sources.get(named.name) ?? [];
      if (!sources.has(named.name)) {
        sources.set(named.name, found);
        queue.push(named.name);
      }
      for (const source of sources.get(name)!.slice(0, SOURCES_PER_TYPE)) {
        for (const args of argumentSets(field)) {
          const value = await resolve(type, field, source, args, contextA).catch(() => null);
          for (const item of Array.isArray(value) ? value : [value]) if (item && found.length < SOURCES_PER_TYPE * 4) found.push(item);
        }
      }
    }
  }
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('the fragment memo’s pure fields', () => {
  it('read of a request no more than its scope: its languages and its rate table', () => {
    expect([...scopeKeys].sort()).toEqual(['languages', 'rates']);
  });

  it('read of a product no more than the memo’s key covers', () => {
    expect([...productPaths.whole].sort()).toEqual(['currency', 'item.fetchedAt', 'item.product', 'item.stale', 'languages']);
    expect([...productPaths.through]).toEqual(['item']);
  });

  it('name fields of the schema, and no field is both pure and impure', () => {
    for (const name of [...PURE_FIELDS, ...Object.keys(IMPURE_FIELDS)]) {
      const [type, field] = name.split('.');
      const found = schema.getType(type!);
      expect(found && isObjectType(found) && found.getFields()[field!], name).toBeTruthy();
    }
    expect([...PURE_FIELDS].filter((name) => Object.hasOwn(IMPURE_FIELDS, name))).toEqual([]);
  });

  it('leave no resolver unaccounted for: each is pure, impure or a root field', () => {
    const unaccounted: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || ROOTS.has(type.name)) continue;
      for (const field of Object.values(type.getFields())) {
        const name = `${type.name}.${field.name}`;
        if (field.resolve && !PURE_FIELDS.has(name) && !Object.hasOwn(IMPURE_FIELDS, name)) unaccounted.push(name);
      }
    }
    expect(unaccounted).toEqual([]);
    for (const name of Object.keys(IMPURE_FIELDS)) expect(ROOTS.has(name.split('.')[0]), name).toBe(false);
  });

  it('are answered from the record and the scope alone, the same under any other context', async () => {
    const allowed = new Set<PropertyKey>(scopeKeys);
    const failures: string[] = [];
    const exercised = new Map<string, number>();
    for (const name of PURE_FIELDS) {
      const [typeName, fieldName] = name.split('.') as [string, string];
      const type = schema.getType(typeName) as GraphQLObjectType;
      const field = type.getFields()[fieldName]!;
      tried: for (const source of (sources.get(typeName) ?? []).slice(0, SOURCES_PER_TYPE)) {
        for (const args of argumentSets(field)) {
          let expected: unknown;
          try {
            expected = await resolve(type, field, source, args, contextA);
          } catch {
            continue; // An argument the resolver refuses (an unknown currency here): graphql-js's error, not an answer.
          }
          try {
            assertData(expected, name);
            expect(await resolve(type, field, source, args, contextB)).toEqual(expected);
            const within = typeName === 'Product' ? guardedSource(source as object, productPaths) : source;
            expect(await resolve(type, field, within, args, guarded(contextA, allowed))).toEqual(expected);
            exercised.set(name, (exercised.get(name) ?? 0) + 1);
          } catch (error) {
            failures.push(`${name}(${JSON.stringify(args)}): ${(error as Error).message.split('\n')[0]}`);
            break tried; // One failure says the field is not pure.
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // None passes untried: each claimed-pure field with a resolver of its own ran on real sources.
    const untried = [...PURE_FIELDS].filter((name) => {
      const [type, field] = name.split('.') as [string, string];
      return (schema.getType(type) as GraphQLObjectType).getFields()[field]!.resolve && !exercised.get(name);
    });
    expect(untried).toEqual([]);
  });
});
