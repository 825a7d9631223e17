import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../gateway/graphql/plugins/use-automatic-persisted-queries';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { startGateway, type TestGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';

/** APQ's learned documents are shared through the cache store: a hash learned by one instance runs on another. */
const redis = await resolveRedis();

describe.runIf(redis.url)('automatic persisted queries across instances (Redis)', () => {
  const prefix = uniquePrefix();
  let stores: Awaited<ReturnType<typeof connectRedisStores>>[] = [];
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    stores = [await connectRedisStores(redis.url!, prefix), await connectRedisStores(redis.url!, prefix)];
    a = await startGateway({}, { stores: stores[0] });
    b = await startGateway({}, { stores: stores[1] });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const store of stores) await store.close();
    await redis.stop?.();
  });

  const post = (server: TestGateway, body: unknown) =>
    fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      (r) => r.json() as Promise<any>,
    );

  it('learns a document on one instance and runs its hash alone on the other', async () => {
    const query = `{ economies { code languages } }`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: await sha256Hex(query) } };
    expect((await post(b, { extensions })).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const learned = await post(a, { query, extensions });
    expect(learned.data.economies.length).toBeGreaterThan(3);
    // The store is written after the answer: wait for it (bounded), then ask the other instance.
    let answer: any;
    for (let i = 0; i < 100; i++) {
      answer = await post(b, { extensions });
      if (answer.data) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(answer.data).toEqual(learned.data);
  });
});
