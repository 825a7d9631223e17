import { afterAll, describe, expect, it } from 'vitest';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { startGateway, type TestGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';

/**
 * Page cursors over real HTTP: signed with CURSOR_SECRET, or a random key generated once and
 * shared through the cache store; never with a key derived from GATEWAY_ADMIN_TOKEN.
 */

const PAGE = 'query($after: String) { products(first: 3, after: $after) { edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }';
const ADMIN = 'operator-token-that-must-not-sign-cursors';
const open: Array<{ close(): Promise<unknown> | unknown }> = [];
afterAll(async () => {
  for (const thing of open.reverse()) await thing.close();
});

const ids = (result: any): string[] => result.data.products.edges.map((e: any) => e.node.id);

/** base64url of bytes. */
const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

describe('cursor signing', () => {
  it('refuses a cursor forged with a key derived from GATEWAY_ADMIN_TOKEN with BAD_USER_INPUT', async () => {
    const g = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN });
    open.push(g);
    const first = await g.graphql(PAGE);
    const [payload] = (first.data.products.pageInfo.endCursor as string).split('.');
    const text = atob(payload!.replace(/-/g, '+').replace(/_/g, '/'));
    const edited = new TextEncoder().encode(text.replace(/:\d+$/, ':40'));
    // What an attacker who knows (or guesses) the operator token can sign, had the key been derived from it.
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(`ovop-cursor:${ADMIN}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, edited)).subarray(0, 16);
    const forged = await g.graphql(PAGE, { after: `${b64url(edited)}.${b64url(mac)}` });
    expect(forged.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(forged.data).toBeFalsy();
  });

  it('refuses a forged or edited cursor with BAD_USER_INPUT', async () => {
    const server = await startGateway();
    open.push(server);
    const { data } = await server.graphql('{ products(first: 2) { pageInfo { endCursor } } }');
    const cursor: string = data.products.pageInfo.endCursor;
    const [body, mac] = cursor.split('.');
    const edited = `${btoa(atob(body!.replace(/-/g, '+').replace(/_/g, '/')).replace(/:1$/, ':99')).replace(/=+$/, '')}.${mac}`;
    for (const after of [edited, `${body}.AAAAAAAAAAAAAAAAAAAAAA`, `${body}`]) {
      const { errors } = await server.graphql('query($a: String) { products(first: 2, after: $a) { totalCount } }', { a: after });
      expect(errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('accepts cursors signed with CURSOR_SECRET across instances', async () => {
    const env = { CURSOR_SECRET: 'a-cursor-secret-for-two-instances' };
    const [a, b] = await Promise.all([startGateway(env), startGateway(env)]);
    open.push(a, b);
    const page = await a.graphql(PAGE);
    const next = await b.graphql(PAGE, { after: page.data.products.pageInfo.endCursor });
    expect(next.errors).toBeUndefined();
    expect(ids(next)).toEqual(ids(await a.graphql(PAGE, { after: page.data.products.pageInfo.endCursor })));
  });
});

const redis = await resolveRedis();
describe.skipIf(!redis.url)('cursors on a real Redis without CURSOR_SECRET', () => {
  afterAll(() => redis.stop?.());

  it("two gateways on one Redis accept each other's cursors", async () => {
    const prefix = uniquePrefix();
    const gateways: TestGateway[] = [];
    for (let i = 0; i < 2; i++) {
      const stores = await connectRedisStores(redis.url!, prefix);
      const g = await startGateway({ REDIS_URL: redis.url! }, { stores: { cache: stores.cache, registry: stores.registry } });
      open.push(stores, g);
      gateways.push(g);
    }
    const [a, b] = gateways as [TestGateway, TestGateway];
    const page = await a.graphql(PAGE);
    const after = page.data.products.pageInfo.endCursor;
    const fromB = await b.graphql(PAGE, { after });
    expect(fromB.errors).toBeUndefined();
    expect(ids(fromB)).toEqual(ids(await a.graphql(PAGE, { after })));
    expect(ids(fromB)).not.toEqual(ids(page));
    const back = await a.graphql(PAGE, { after: fromB.data.products.pageInfo.endCursor });
    expect(back.errors).toBeUndefined();
  });
});
