import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../gateway/limits/rate-limiter';
import { collatorCount } from '../gateway/federation/catalogue/query';
import { formatterCount } from '../gateway/money/currency';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * Memory under hostile input, over real HTTP: floods of distinct, valid request values (language
 * tags, client addresses, query texts) leave every structure keyed by them within its bound, and
 * the answers right.
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: TestGateway;
const limiter = new MemoryRateLimiter({ perSecond: 1e6, burst: 1e6 });
beforeAll(async () => {
  server = await startGateway({ TRUST_PROXY: '1' }, { limiter });
});
afterAll(() => server.close());

async function post(query: string, headers: Record<string, string> = {}): Promise<any> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(30_000),
  });
  return response.json();
}

/** Runs `count` requests made by `request(i)`, `concurrency` at a time. */
async function flood(count: number, request: (i: number) => Promise<unknown>, concurrency = 20): Promise<void> {
  for (let start = 0; start < count; start += concurrency) {
    await Promise.all(Array.from({ length: Math.min(concurrency, count - start) }, (_, j) => request(start + j)));
  }
}

describe('memory under a flood of distinct valid language tags', () => {
  it('keeps sort orders, collators and money formatters bounded, and the answers right', async () => {
    const field = (tag: string, alias: string) =>
      `${alias}: products(first: 2, sort: NAME_ASC, lang: "${tag}") { edges { node { id name { value lang } price { formatted(locale: "${tag}") } } } }`;
    const reference = await post(`{ ${field('en', 'p')} }`);
    const expected = reference.data.p;
    expect(expected.edges).toHaveLength(2);
    const perRequest = 25;
    const requests = 800; // 20 000 distinct tags through `lang`
    let wrong = 0;
    await flood(requests, async (i) => {
      const tags = Array.from({ length: perRequest }, (_, k) => `en-x-a${i * perRequest + k}`);
      const result = await post(`{ ${tags.map((t, k) => field(t, `p${k}`)).join(' ')} }`);
      for (let k = 0; k < perRequest; k++) {
        const got = result.data?.[`p${k}`];
        if (JSON.stringify(got) !== JSON.stringify(expected)) wrong++;
      }
    });
    expect(wrong).toBe(0);
    const index = server.gateway.federation.warmIndex()!;
    expect(index.memoCount).toBeLessThanOrEqual(64);
    expect(formatterCount()).toBeLessThanOrEqual(256);
    expect(collatorCount()).toBeLessThanOrEqual(256);
  }, 180_000);

  it('keeps Accept-Language floods bounded too', async () => {
    const reference = await post('{ products(first: 2, sort: NAME_ASC) { edges { node { id } } } categories { label } }', { 'accept-language': 'en' });
    await flood(1500, async (i) => {
      const result = await post('{ products(first: 2, sort: NAME_ASC) { edges { node { id } } } categories { label } }', {
        'accept-language': `en-x-b${i}, en-x-c${i};q=0.9`,
      });
      expect(result).toEqual(reference);
    });
    expect(server.gateway.federation.warmIndex()!.memoCount).toBeLessThanOrEqual(64);
  }, 180_000);
});

describe('memory under a flood of client addresses and query texts', () => {
  it('keeps rate-limit buckets bounded', async () => {
    await flood(3000, (i) => post('{ __typename }', { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }), 50);
    expect(limiter.buckets.size).toBeGreaterThan(1000);
    expect(limiter.buckets.size).toBeLessThanOrEqual(limiter.buckets.maxEntries);
  }, 120_000);

  it('does not keep hundreds of distinct near-1 MiB query texts in the parse cache', async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const padding = 'x'.repeat(900 * 1024);
    await flood(
      300,
      async (i) => {
        const result = await post(`{ __typename } # ${i} ${padding}`);
        expect(result.data).toEqual({ __typename: 'Query' });
      },
      10,
    );
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
