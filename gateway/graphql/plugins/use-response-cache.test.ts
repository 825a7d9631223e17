import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { type CachedAnswer, ResponseCache, selectsAny } from './use-response-cache';

const request = { accept: 'application/json', acceptLanguage: 'ja', origin: '' };
const answer = (key: string, bytes: number): CachedAnswer => ({
  key,
  body: new Uint8Array(bytes),
  contentType: 'application/json',
  mediaType: 'application/json',
});

describe('ResponseCache', () => {
  it('keys a JSON body exactly as the parsed parameters, and remembers nothing for bad ones', async () => {
    const cache = new ResponseCache({ version: () => 'v1' });
    const params = { query: '{ a }', variables: { x: 1 }, operationName: null };
    expect(cache.bodyKey(JSON.stringify(params), request)).toBe(await cache.key(params, request));
    expect(cache.bodyKey('{ not json', request)).toBeUndefined();
    expect(cache.bodyKey(JSON.stringify({ query: ['{ a }'] }), request)).toBeUndefined();
    expect(cache.bodyKey(JSON.stringify({ query: '{ a }', variables: '{"x":1}' }), request)).toBeUndefined();
  });

  it('separates what the answer depends on: version, Accept, Accept-Language, origin, name, variables', async () => {
    let version = 'v1';
    const cache = new ResponseCache({ version: () => version });
    const base = { query: 'query A { a } query B { b }', operationName: 'A', variables: { x: 1 } };
    const keys = new Set([
      await cache.key(base, request),
      await cache.key({ ...base, operationName: 'B' }, request),
      await cache.key({ ...base, variables: { x: 2 } }, request),
      await cache.key(base, { ...request, accept: 'application/graphql-response+json' }),
      await cache.key(base, { ...request, acceptLanguage: 'vi' }),
      await cache.key(base, { ...request, origin: 'http://evil.example' }),
    ]);
    version = 'v2';
    keys.add(await cache.key(base, request));
    expect(keys.size).toBe(7);
  });

  it('gives a body asked again the same key until the version or a negotiation header changes', async () => {
    let version = 'v1';
    const cache = new ResponseCache({ version: () => version });
    const body = JSON.stringify({ query: '{ a }', variables: { x: 1 } });
    const first = cache.bodyKey(body, request);
    expect(cache.bodyKey(body, { ...request })).toBe(first);
    expect(cache.bodyKey(body, { ...request, acceptLanguage: 'vi' })).toBe(
      await cache.key({ query: '{ a }', variables: { x: 1 } }, { ...request, acceptLanguage: 'vi' }),
    );
    expect(cache.bodyKey(body, { ...request, accept: '*/*' })).not.toBe(first);
    version = 'v2';
    const next = cache.bodyKey(body, request);
    expect(next).not.toBe(first);
    expect(next).toBe(await cache.key({ query: '{ a }', variables: { x: 1 } }, request));
  });

  it('remembers a body only once an answer is kept under its key', () => {
    const cache = new ResponseCache({ version: () => 'v1' });
    const tail = Array.from({ length: 50 }, (_, i) => JSON.stringify({ query: '{ a }', variables: { i } }));
    const keys = tail.map((body) => cache.bodyKey(body, request) as string);
    expect(cache.stats().bodies).toBe(0);
    cache.keep(answer(keys[7]!, 10));
    let parses = 0;
    const json = () => (parses++, JSON.parse(tail[7]!));
    expect(cache.bodyKey(tail[7]!, request, json)).toBe(keys[7]);
    expect(cache.stats().bodies).toBe(1);
    expect(cache.bodyKey(tail[7]!, request, json)).toBe(keys[7]);
    expect(parses).toBe(1);
  });

  it('stops looking up an operation once its parsed form was found not to be a query', () => {
    const cache = new ResponseCache({ version: () => 'v1' });
    const params = { query: 'mutation { m }' };
    expect(cache.mayCache(params)).toBe(true);
    cache.decide(params, false);
    expect(cache.mayCache(params)).toBe(false);
    expect(cache.bodyKey(JSON.stringify(params), request)).toBeUndefined();
  });

  it('holds at most maxEntries answers and maxBytes bytes, dropping the least recently used', () => {
    const cache = new ResponseCache({ version: () => 'v1', maxEntries: 3, maxBytes: 1000, maxAnswerBytes: 600 });
    cache.keep(answer('a', 400));
    cache.keep(answer('b', 400));
    cache.get('a');
    cache.keep(answer('c', 400));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(1000);
    expect(cache.keep(answer('big', 601))).toBe(false);
    for (let i = 0; i < 10; i++) cache.keep(answer(`k${i}`, 10));
    expect(cache.stats().entries).toBe(3);
    expect(cache.stats().bytes).toBe(3 * (10 + 'k0'.length));
  });

  it('counts the whole buffer a view of a shared slab keeps alive', () => {
    const cache = new ResponseCache({ version: () => 'v1', maxBytes: 1000 });
    const slab = new Uint8Array(600);
    cache.keep({ ...answer('a', 0), body: slab.subarray(0, 10) });
    expect(cache.stats().bytes).toBe(600 + 'a'.length);
    cache.keep({ ...answer('b', 0), body: new Uint8Array(600).subarray(10, 20) });
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 600 + 'b'.length });
  });

  it('lets identical requests wait for the answer being computed (single flight)', async () => {
    const cache = new ResponseCache({ version: () => 'v1' });
    const settle = cache.begin('k');
    const waiting = cache.lookup('k');
    const kept = answer('k', 5);
    cache.keep(kept);
    settle(kept);
    expect(await waiting).toBe(kept);
    expect(cache.stats().pending).toBe(0);
    const failed = cache.begin('j');
    const nothing = cache.lookup('j');
    failed(undefined);
    expect(await nothing).toBeUndefined();
  });

  it('keeps nothing when turned off', async () => {
    const cache = new ResponseCache({ version: () => 'v1', maxEntries: 0 });
    expect(cache.enabled).toBe(false);
    expect(cache.keep(answer('a', 1))).toBe(false);
    expect(cache.bodyKey('{"query":"{ a }"}', request)).toBeUndefined();
  });
});

describe('selectsAny (liveRootFields)', () => {
  const live = new Set(['productChanges', 'changeFeed']);
  const selects = (text: string) => {
    const document = parse(text);
    return selectsAny(document, getOperationAST(document)!.selectionSet, live);
  };

  it('finds a live root field directly, in an inline fragment or through named fragments, and nowhere else', () => {
    expect(selects('{ products { totalCount } changeFeed { headCursor } }')).toBe(true);
    expect(selects('{ ... on Query { productChanges { edges { cursor } } } }')).toBe(true);
    expect(selects('query { ...A } fragment A on Query { ...B } fragment B on Query { changeFeed { headCursor } }')).toBe(true);
    expect(selects('query { ...A ...A } fragment A on Query { products { totalCount } }')).toBe(false);
    // Only root fields count: a product's own field of the same name is the catalogue's.
    expect(selects('{ products { edges { node { changeFeed: id } } } }')).toBe(false);
    expect(selectsAny(parse('{ changeFeed { headCursor } }'), getOperationAST(parse('{ changeFeed { headCursor } }'))!.selectionSet, new Set())).toBe(false);
  });
});
