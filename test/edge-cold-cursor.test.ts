import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';

/**
 * A Worker isolate whose first request is /healthz: the gateway is built in that short request, and
 * a KV read started there would be cancelled when it ends. Paged queries must still answer.
 */
let edge: EdgeGateway;
beforeAll(async () => {
  edge = await startEdgeGateway();
}, 120_000);
afterAll(() => edge?.close());

describe('a cold isolate first asked /healthz', () => {
  it('still signs page cursors afterwards', async () => {
    expect((await fetch(`${edge.url}/healthz`)).status).toBe(200);
    const answer = await Promise.race([
      edge.graphql('{ products(first: 2) { pageInfo { endCursor } } }'),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer in 20 s')), 20_000)),
    ]);
    expect(answer.data.products.pageInfo.endCursor).toMatch(/\./);
  }, 30_000);
});
