import { createClient, type Client } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeLog } from '../gateway/changes/change-log';
import { tailOf } from '../gateway/changes/tail';
import type { CanonicalProduct } from '../schemas/product';
import { productsByConnector, recordRound, until } from './helpers/changes';
import { startGateway, type TestGateway } from './helpers/gateway';

let gw: TestGateway;
let log: ChangeLog;
let groups: Map<string, CanonicalProduct[]>;
let round = 0;
const clients: Client[] = [];

beforeAll(async () => {
  gw = await startGateway({});
  // The gateway's own log: its harvests write there too (the same events are written once).
  log = gw.gateway.changes;
  groups = await productsByConnector(gw.gateway.federation);
  await recordRound(log, groups, round++);
});
afterAll(async () => {
  for (const client of clients) client.dispose();
  await gw.close();
});

/** A graphql-sse client in its distinct-connections mode (one HTTP request per subscription). */
function client(): Client {
  const c = createClient({ url: `${gw.url}/graphql`, retryAttempts: 0 });
  clients.push(c);
  return c;
}

const SUBSCRIPTION = /* GraphQL */ `
  subscription ($after: String, $filter: ChangeFilter) {
    productChanged(after: $after, filter: $filter) {
      id
      type
      productId
      economy
      version
      aspects
      cursor
      changes { path before after }
      product(currency: "USD") { id price { amount currency } }
    }
  }
`;

interface Change {
  id: string;
  type: string;
  productId: string;
  economy: string;
  cursor: string;
  changes: Array<{ path: string }>;
  product: { id: string; price: { currency: string } | null } | null;
}

/** Every event id after `after`, in log order. */
async function logIds(after: string | null): Promise<string[]> {
  const ids: string[] = [];
  for (let cursor = after, more = true; more; ) {
    const page = await log.read({ after: cursor, limit: 500 });
    ids.push(...page.entries.map((e) => e.change.id));
    [cursor, more] = [page.next, page.hasMore];
  }
  return ids;
}

/** Takes `count` changes from a subscription, then ends it. */
async function take(variables: Record<string, unknown>, count: number, onStart?: () => Promise<unknown>): Promise<Change[]> {
  const subscription = client().iterate<{ productChanged: Change }>({ query: SUBSCRIPTION, variables });
  const taken: Change[] = [];
  const started = onStart?.();
  for await (const result of subscription) {
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    taken.push(result.data!.productChanged);
    if (taken.length === count) break;
  }
  await started;
  await subscription.return?.();
  return taken;
}

describe('the productChanged subscription over SSE (graphql-sse, distinct connections)', () => {
  it('replays what follows `after`, then goes on live; resuming with `after` misses nothing and repeats nothing', async () => {
    const start = await log.head();
    await recordRound(log, groups, round++);
    const firstPart = await take({ after: start }, 40);
    expect(firstPart[0]!.type).toBe('UPDATED');
    expect(firstPart[0]!.product?.price?.currency).toBe('USD');
    expect(firstPart[0]!.changes.map((c) => c.path)).toContain('price.amount');
    // Away: a round is written; back with the last cursor, while another round is written live.
    await recordRound(log, groups, round++);
    const tail = tailOf(log);
    const rest = await take({ after: firstPart.at(-1)!.cursor }, (await logIds(start)).length - 40 + countOf(groups), async () => {
      await until(() => tail.followers > 0);
      await recordRound(log, groups, round++);
    });
    const seen = [...firstPart, ...rest].map((c) => c.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(await logIds(start));
    // A subscriber that leaves is let go: the tail holds no one.
    await until(() => tail.followers === 0);
  });

  it('takes a filter', async () => {
    const start = await log.head();
    await recordRound(log, groups, round++);
    const taken = await take({ after: start, filter: { economies: ['my'], types: ['UPDATED'] } }, 10);
    for (const change of taken) expect(change.economy).toBe('MY');
  });

  it('refuses a forged cursor and a filter past its bounds', async () => {
    const errors = async (variables: Record<string, unknown>) => {
      const subscription = client().iterate({ query: SUBSCRIPTION, variables });
      try {
        for await (const result of subscription) return result.errors;
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(JSON.stringify(await errors({ after: 'c1.$$$' }))).toContain('BAD_USER_INPUT');
    expect(JSON.stringify(await errors({ filter: { connectors: Array.from({ length: 101 }, (_, i) => `c${i}`) } }))).toContain('BAD_USER_INPUT');
  });
});

function countOf(groups: Map<string, CanonicalProduct[]>): number {
  let n = 0;
  for (const products of groups.values()) n += products.length;
  return n;
}
