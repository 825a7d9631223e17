import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeLog } from '../gateway/changes/change-log';
import { encodeCursor } from '../gateway/changes/cursor';
import { tailOf } from '../gateway/changes/tail';
import type { CanonicalProduct } from '../schemas/product';
import { productsByConnector, recordRound, SseReader, until } from './helpers/changes';
import { startGateway, type TestGateway } from './helpers/gateway';

let gw: TestGateway;
let log: ChangeLog;
let groups: Map<string, CanonicalProduct[]>;
let round = 0;

beforeAll(async () => {
  gw = await startGateway({});
  // The gateway's own log: its harvests write there too (the same events are written once).
  log = gw.gateway.changes;
  groups = await productsByConnector(gw.gateway.federation);
  await recordRound(log, groups, round++);
});
afterAll(() => gw.close());

const open = (query = '', headers: Record<string, string> = {}) =>
  fetch(`${gw.url}/changes/stream${query}`, { headers: { accept: 'text/event-stream', ...headers } });

/** Every event id in the log after `after`, in order. */
async function logIds(after: string | null): Promise<string[]> {
  const ids: string[] = [];
  for (let cursor = after, more = true; more; ) {
    const page = await log.read({ after: cursor, limit: 500 });
    ids.push(...page.entries.map((e) => e.change.id));
    cursor = page.next;
    more = page.hasMore;
  }
  return ids;
}

describe('GET /changes/stream over real HTTP', () => {
  it('answers text/event-stream and, with no cursor, starts at the head: live only', async () => {
    const response = await open();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = new SseReader(response);
    const tail = tailOf(log);
    await until(() => tail.followers >= 1);
    const head = await log.head();
    await recordRound(log, groups, round++);
    const expected = await logIds(head);
    const first = await reader.next();
    // The first event is the first written after the stream opened, not the oldest in the log.
    expect(JSON.parse(first!.data).id).toBe(expected[0]);
    expect(first!.event).toBe('ovop.product.updated');
    const body = JSON.parse(first!.data);
    expect(body).toMatchObject({ specversion: '1.0', type: 'ovop.product.updated', datacontenttype: 'application/json' });
    expect(body.data.product.identifier).toBe(body.subject);
    await reader.close();
    await until(() => tail.followers === 0);
  });

  it('/metrics counts the stream clients it serves (ovop_change_stream_clients)', async () => {
    const clients = async () => Number(/^ovop_change_stream_clients (\d+)$/m.exec(await (await fetch(`${gw.url}/metrics`)).text())?.[1]);
    const tail = tailOf(log);
    await until(() => tail.followers === 0);
    expect(await clients()).toBe(0);
    const readers = [new SseReader(await open()), new SseReader(await open())];
    await until(() => tail.followers === 2);
    expect(await clients()).toBe(2);
    for (const reader of readers) await reader.close();
    await until(() => tail.followers === 0);
    expect(await clients()).toBe(0);
  });

  it('many streams taking one event each get it in their own currency, the same bytes as their peers', async () => {
    const tail = tailOf(log);
    await until(() => tail.followers === 0);
    const plain = [new SseReader(await open()), new SseReader(await open())];
    const converted = [new SseReader(await open('?currency=USD')), new SseReader(await open('?currency=USD'))];
    await until(() => tail.followers === 4);
    await recordRound(log, groups, round++);
    // Read the four in step until an event whose offer is in another currency than USD.
    let found = false;
    for (let i = 0; i < 300 && !found; i++) {
      const [a, b, c, d] = await Promise.all([...plain, ...converted].map((r) => r.next()));
      expect(a!.data).toBe(b!.data);
      expect(c!.data).toBe(d!.data);
      const event = JSON.parse(a!.data);
      const usd = JSON.parse(c!.data);
      expect(usd.id).toBe(event.id);
      const offers = event.data.product?.offers;
      if (!offers || offers.priceCurrency === 'USD') continue;
      found = true;
      // Only the streams that asked for USD carry a converted price.
      expect(offers.priceSpecification).toBeUndefined();
      expect(usd.data.product.offers.priceSpecification.priceCurrency).toBe('USD');
    }
    expect(found).toBe(true);
    for (const reader of [...plain, ...converted]) await reader.close();
    await until(() => tail.followers === 0);
  });

  it('a reader that drops and reconnects with Last-Event-ID misses nothing and repeats nothing', async () => {
    const start = await log.head();
    const seen: string[] = [];
    let reader = new SseReader(await open(`?after=${start}`));
    await recordRound(log, groups, round++);
    // Written while the reader is connected, and while it is away.
    let last: string | undefined;
    for (let i = 0; i < 7; i++) {
      const event = (await reader.next())!;
      seen.push(JSON.parse(event.data).id);
      last = event.id;
    }
    await reader.close();
    await recordRound(log, groups, round++);
    reader = new SseReader(await open('', { 'last-event-id': last! }));
    const writing = recordRound(log, groups, round++);
    for (let i = 0; i < 11; i++) {
      const event = (await reader.next())!;
      seen.push(JSON.parse(event.data).id);
      last = event.id;
    }
    await reader.close();
    await writing;
    // The last reconnection reads to the end: catch-up, with a round written meanwhile (the tail
    // hands it over too), then a round after it that only the tail hands over: a repeat would come
    // before that round's events.
    reader = new SseReader(await open(`?after=${encodeURIComponent(last!)}`));
    await recordRound(log, groups, round++);
    await recordRound(log, groups, round++);
    let expected = await logIds(start);
    while (seen.length < expected.length) seen.push(JSON.parse((await reader.next())!.data).id);
    // Caught up from the log; the next round comes only from the tail, after whatever it holds.
    await recordRound(log, groups, round++);
    expected = await logIds(start);
    while (seen.length < expected.length) seen.push(JSON.parse((await reader.next())!.data).id);
    await reader.close();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected);
  });

  it('takes the same filters as /changes', async () => {
    const [connector, products] = [...groups][1]!;
    const start = await log.head();
    const reader = new SseReader(await open(`?after=${start}&connector=${connector}&type=ovop.product.updated&aspect=PRICE`));
    await recordRound(log, groups, round++);
    for (let i = 0; i < products.length; i++) {
      const event = JSON.parse((await reader.next())!.data);
      expect(event.data.connector).toBe(connector);
    }
    await reader.close();
  });

  it('sends a comment line while idle, so proxies keep it open', async () => {
    const reader = new SseReader(await open());
    // The opening comment leaves with the headers; the periodic ones are the route unit test's.
    await until(async () => {
      void reader.next();
      return reader.comments > 0;
    });
    await reader.close();
  });
});

describe('GET /changes/stream refuses what it cannot serve', () => {
  it.each([
    ['a malformed Last-Event-ID', { 'last-event-id': 'c1.$$$' }, '', 400],
    ['an overlong cursor', {}, `?after=c1.${'A'.repeat(4000)}`, 400],
    ['an unknown type', {}, '?type=ovop.product.exploded', 400],
    ['an unknown aspect', {}, '?aspect=COLOUR', 400],
    ['an economy that is not a code', {}, '?economy=JAPAN', 400],
    ['a currency it does not convert to', {}, '?currency=XXX', 400],
    ['a cursor past anything the log wrote', {}, `?after=${encodeCursor(new Map([['JP', '99999999999999-0']]))}`, 410],
  ])('%s', async (_, headers: Record<string, string>, query, status) => {
    const response = await open(query, headers);
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body.error.code).toBe(status === 410 ? 'CURSOR_EXPIRED' : 'BAD_USER_INPUT');
  });

  it('past its cap of streams answers 503, and takes streams again once one leaves', async () => {
    const tail = tailOf(log);
    const readers: SseReader[] = [];
    // Fill the tail to its cap through the route (the cap is the tail's, shared with subscriptions).
    while (tail.followers < tail.maxFollowers) {
      const response = await open();
      if (response.status !== 200) break;
      readers.push(new SseReader(response));
      if (readers.length > tail.maxFollowers) break;
    }
    expect(tail.followers).toBe(tail.maxFollowers);
    const refused = await open();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    await refused.body?.cancel();
    await readers.pop()!.close();
    await until(() => tail.followers < tail.maxFollowers);
    const again = await open();
    expect(again.status).toBe(200);
    await again.body?.cancel();
    await Promise.all(readers.map((r) => r.close()));
    await until(() => tail.followers === 0);
  }, 60_000);
});
