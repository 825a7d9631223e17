import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHarvest } from '../gateway/changes/record';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { ECB_XML } from './fixtures/ecb';
import { type FeedCatalogue, feedItem, feedManifest, feedProductId, startFeedCatalogue } from './helpers/feed-catalogue';
import { productsByConnector } from './helpers/changes';
import { startGateway, type TestGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';
import { type Served, serveOnFreePort } from './helpers/serve';

/**
 * The change feed over real HTTP (docs/contract.md, "Keeping in sync"): a catalogue the test
 * changes between refreshes, registered through the public API, read back by productChanges and
 * GET /changes.
 */

const ADMIN = 'operator-token-for-change-feed-tests';
const CONNECTOR = 'ph-feed';
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const CREATE_KEY = 'mutation($e: String!) { createEconomyKey(economy: $e) { key } }';
const REGISTER = 'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { id status productCount } } }';
const REFRESH = 'mutation($id: String!) { refreshConnector(id: $id) { status productCount lastError } }';
const FEED = '{ changeFeed { headCursor oldestCursor retentionSeconds } }';
const CHANGES = /* GraphQL */ `
  query($after: String, $first: Int, $filter: ChangeFilter) {
    productChanges(after: $after, first: $first, filter: $filter) {
      edges { cursor node { id type occurredAt productId economy connector version aspects changes { path before after } product { id } compliance { destination } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const item = feedItem;
const idOf = (n: number) => feedProductId(CONNECTOR, n);
type Catalogue = FeedCatalogue;
const startCatalogue = startFeedCatalogue;
const manifest = (base: string) => feedManifest(base, CONNECTOR);

/** Registers the catalogue on `gateway` and answers the PH economy key. */
async function register(gateway: TestGateway, catalogue: Catalogue, key?: string): Promise<string> {
  const economyKey = key ?? (await gateway.graphql(CREATE_KEY, { e: 'PH' }, as(ADMIN))).data.createEconomyKey.key;
  const registered = await gateway.graphql(REGISTER, { m: manifest(catalogue.url) }, as(economyKey));
  expect(registered.errors, JSON.stringify(registered.errors)).toBeUndefined();
  expect(registered.data.registerConnector.connector).toMatchObject({ status: 'UP', productCount: catalogue.items.length });
  return economyKey;
}

async function refresh(gateway: TestGateway, key: string) {
  const { data, errors } = await gateway.graphql(REFRESH, { id: CONNECTOR }, as(key));
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  return data.refreshConnector;
}

async function head(gateway: TestGateway): Promise<string> {
  return (await gateway.graphql(FEED)).data.changeFeed.headCursor;
}

/**
 * Every change of the test's connector after `after`, page by page (the built-in catalogues'
 * first harvests write to the same log, in the background).
 */
async function changesAfter(gateway: TestGateway, after: string | null, first = 100): Promise<any[]> {
  const nodes: any[] = [];
  let cursor = after;
  for (let page = 0; page < 100; page++) {
    const { data, errors } = await gateway.graphql(CHANGES, { after: cursor, first, filter: { connectors: [CONNECTOR] } });
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    nodes.push(...data.productChanges.edges.map((e: any) => e.node));
    cursor = data.productChanges.pageInfo.endCursor;
    if (!data.productChanges.pageInfo.hasNextPage) return nodes;
  }
  throw new Error('the feed never ended');
}

describe('the change feed of one gateway', () => {
  let catalogue: Catalogue;
  let rateFeed: Served;
  let rates = ECB_XML;
  let gateway: TestGateway;
  let key: string;

  beforeAll(async () => {
    catalogue = await startCatalogue();
    rateFeed = await serveOnFreePort(() => new Response(rates, { headers: { 'content-type': 'application/xml' } }));
    gateway = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true', RATES_URL: `${rateFeed.url}/eurofxref-daily.xml` });
    key = await register(gateway, catalogue);
  });
  afterAll(async () => {
    await gateway.close();
    await catalogue.close();
    await rateFeed.close();
  });

  it('records a registered catalogue as CREATED, one event a product', async () => {
    const all = await changesAfter(gateway, null);
    expect(all.map((c) => c.type)).toEqual(Array(10).fill('CREATED'));
    expect(all.map((c) => c.productId).sort()).toEqual(Array.from({ length: 10 }, (_, i) => idOf(i + 1)).sort());
    expect(all.every((c) => c.version === 1 && c.economy === 'PH' && c.connector === CONNECTOR)).toBe(true);
    expect(all[0].product.id).toBe(all[0].productId);
  });

  it('hands over without a gap: after the head, exactly the changes a refresh found', async () => {
    const cursor = await head(gateway);
    catalogue.items[0] = item(1, { price: '₱250.50' });
    catalogue.items[2] = item(3, { description_en: 'Woven by hand, piece 3, now out of stock.' });
    catalogue.items.splice(1, 1);
    catalogue.items.push(item(11));
    expect(await refresh(gateway, key)).toMatchObject({ status: 'UP', productCount: 10 });

    const changes = await changesAfter(gateway, cursor);
    const byProduct = new Map(changes.map((c) => [c.productId, c]));
    expect(changes).toHaveLength(4);
    expect(byProduct.get(idOf(1))).toMatchObject({
      type: 'UPDATED',
      version: 2,
      aspects: ['PRICE'],
      changes: [{ path: 'price.amount', before: '101', after: '250.5' }],
    });
    expect(byProduct.get(idOf(1)).product).toEqual({ id: idOf(1) });
    expect(byProduct.get(idOf(3))).toMatchObject({
      type: 'UPDATED',
      aspects: ['CONTENT'],
      changes: [{ path: 'description.en', before: 'Woven by hand, piece 3.', after: 'Woven by hand, piece 3, now out of stock.' }],
    });
    expect(byProduct.get(idOf(2))).toMatchObject({ type: 'REMOVED', version: 2, product: null, changes: [] });
    expect(byProduct.get(idOf(11))).toMatchObject({ type: 'CREATED', version: 1, product: { id: idOf(11) } });

    // GET /changes: the same events, the same ids, as CloudEvents with JSON-LD products.
    const response = await fetch(`${gateway.url}/changes?connector=${CONNECTOR}&after=${encodeURIComponent(cursor)}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.hasMore).toBe(false);
    expect(body.data.map((e: any) => e.id)).toEqual(changes.map((c) => c.id));
    const created = body.data.find((e: any) => e.subject === idOf(11));
    expect(created).toMatchObject({
      specversion: '1.0',
      type: 'ovop.product.created',
      source: `/connectors/${CONNECTOR}`,
      datacontenttype: 'application/json',
    });
    expect(created.data.product.id).toBe(`${gateway.url}/products/${encodeURIComponent(idOf(11))}`);
    expect(body.data.find((e: any) => e.subject === idOf(2))).toMatchObject({ type: 'ovop.product.removed', data: { product: null, version: 2 } });
    const updated = body.data.find((e: any) => e.subject === idOf(1));
    expect(updated.data.changes).toEqual([{ path: 'price.amount', before: '101', after: '250.5' }]);

    // The filters, the same in both readers.
    const priced = await gateway.graphql(CHANGES, { after: cursor, filter: { connectors: [CONNECTOR], types: ['UPDATED'], aspects: ['PRICE'] } });
    expect(priced.data.productChanges.edges.map((e: any) => e.node.productId)).toEqual([idOf(1)]);
    const typed = await (
      await fetch(`${gateway.url}/changes?connector=${CONNECTOR}&after=${encodeURIComponent(cursor)}&type=ovop.product.removed&type=CREATED`)
    ).json();
    expect(typed.data.map((e: any) => e.subject).sort()).toEqual([idOf(11), idOf(2)].sort());
    const paged = await (await fetch(`${gateway.url}/changes?connector=${CONNECTOR}&after=${encodeURIComponent(cursor)}&limit=3`)).json();
    expect(paged).toMatchObject({ hasMore: true });
    const rest = await (await fetch(`${gateway.url}/changes?connector=${CONNECTOR}&after=${encodeURIComponent(paged.next)}&limit=3`)).json();
    expect([...paged.data, ...rest.data].map((e: any) => e.id)).toEqual(changes.map((c) => c.id));
  });

  it('writes nothing for a refresh that finds nothing changed', async () => {
    const cursor = await head(gateway);
    await refresh(gateway, key);
    expect(await changesAfter(gateway, cursor)).toEqual([]);
  });

  it('writes nothing for a change of exchange rates alone', async () => {
    const cursor = await head(gateway);
    rates = ECB_XML.replace(/currency='PHP' rate='[\d.]+'/, "currency='PHP' rate='99.123'");
    expect(rates).not.toBe(ECB_XML);
    expect(await gateway.gateway.rates.refresh()).toBe(true);
    await refresh(gateway, key);
    expect(await changesAfter(gateway, cursor)).toEqual([]);
  });

  it('removes nothing when a harvest fails on its second page', async () => {
    const cursor = await head(gateway);
    catalogue.failPage = 2;
    try {
      expect((await refresh(gateway, key)).status).toBe('DEGRADED');
    } finally {
      catalogue.failPage = 0;
    }
    expect(await changesAfter(gateway, cursor)).toEqual([]);
  });

  it('holds back a harvest that removes half the catalogue until a second complete harvest agrees', async () => {
    const cursor = await head(gateway);
    const kept = catalogue.items.slice(0, 5);
    const lost = catalogue.items.slice(5).map((i) => `${CONNECTOR}:${i.sku}`);
    catalogue.items = kept;
    await refresh(gateway, key);
    expect(await changesAfter(gateway, cursor)).toEqual([]);
    await refresh(gateway, key);
    const removed = await changesAfter(gateway, cursor);
    expect(removed.map((c) => c.type)).toEqual(Array(5).fill('REMOVED'));
    expect(removed.map((c) => c.productId).sort()).toEqual(lost.sort());
  });

  it('refuses a forged cursor (BAD_USER_INPUT, 400) and bad query values (400)', async () => {
    const forged = 'c1.bm90LWEtY3Vyc29y';
    expect((await gateway.graphql(CHANGES, { after: forged })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await gateway.graphql('query($n: Int) { productChanges(first: $n) { edges { cursor } } }', { n: 501 })).errors?.[0].extensions.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await gateway.graphql(CHANGES, { filter: { economies: ['PHL'] } })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const many = (name: string) => Array.from({ length: 101 }, (_, i) => `${name}=c${i}`).join('&');
    const tooLong = `c1.${'A'.repeat(5000)}`;
    const hundredAndOne = Array.from({ length: 101 }, (_, i) => `p${i}`);
    expect((await gateway.graphql(CHANGES, { filter: { productIds: hundredAndOne } })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await gateway.graphql(CHANGES, { after: tooLong })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const limits = ['limit=0', 'limit=501', 'limit=1e2', 'limit=-1'];
    const names = ['type=ovop.product.exploded', 'aspect=SMELL', 'economy=PHL', 'destination=EUROPE'];
    for (const query of [`after=${forged}`, `after=${tooLong}`, ...limits, ...names, many('connector')]) {
      const response = await fetch(`${gateway.url}/changes?${query}`);
      expect(response.status, query).toBe(400);
      expect((await response.json()).error.code, query).toBe('BAD_USER_INPUT');
    }
  });

  it('counts the events written and the log it keeps on /metrics', async () => {
    // The built-in catalogues record in the background: poll until the gauges have caught up with the log.
    let text = '';
    let expected: Record<string, number> = {};
    for (let attempt = 0; attempt < 50; attempt++) {
      const all = await (await fetch(`${gateway.url}/changes?limit=500`)).json();
      expect(all.hasMore).toBe(false);
      expected = {};
      for (const e of all.data) expected[e.type] = (expected[e.type] ?? 0) + 1;
      text = await (await fetch(`${gateway.url}/metrics`)).text();
      if (new RegExp(`^ovop_change_log_events ${all.data.length}$`, 'm').test(text)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(expected['ovop.product.created']).toBeGreaterThanOrEqual(11);
    expect(text).toContain(`ovop_change_events_total{type="CREATED"} ${expected['ovop.product.created']}`);
    expect(text).toContain(`ovop_change_events_total{type="REMOVED"} ${expected['ovop.product.removed']}`);
    expect(text).toContain(`ovop_change_events_total{type="UPDATED"} ${expected['ovop.product.updated']}`);
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    expect(text).toMatch(new RegExp(`^ovop_change_log_events ${total}$`, 'm'));
    expect(text).toMatch(/^ovop_change_log_oldest_age_seconds \d/m);
  });

  it('reads page after page the same with pages built ahead, and never serves one built before a refresh moved its products', async () => {
    const cursor = await head(gateway);
    const [a, b] = [catalogue.items[3]!, catalogue.items[4]!];
    catalogue.items[3] = { ...a, description_en: `${a.description_en} Restocked.` };
    catalogue.items[4] = { ...b, description_en: `${b.description_en} Restocked.` };
    await refresh(gateway, key);
    const page = (after: string) => fetch(`${gateway.url}/changes?limit=1&connector=${CONNECTOR}&after=${encodeURIComponent(after)}`).then((r) => r.json());
    // A full page with more after it: the gateway builds the next page while this one is read.
    const first = await page(cursor);
    expect(first).toMatchObject({ hasMore: true });
    const next = first.data[0].subject === `${CONNECTOR}:${a.sku}` ? 4 : 3;
    // The product the next page shows moves at the source, and a refresh adopts it before that page is asked for.
    catalogue.items[next] = { ...catalogue.items[next]!, price: '₱777.00' };
    await refresh(gateway, key);
    const second = await page(first.next);
    expect(second.data[0].subject).toBe(`${CONNECTOR}:${catalogue.items[next]!.sku}`);
    expect(second.data[0].data.product.offers.price).toBe('777');
    // Then the price's own event; the pages together are what one read of them all gives.
    const third = await page(second.next);
    const all = await (await fetch(`${gateway.url}/changes?limit=10&connector=${CONNECTOR}&after=${encodeURIComponent(cursor)}`)).json();
    expect([first, second, third].flatMap((p) => p.data.map((e: any) => e.id))).toEqual(all.data.map((e: any) => e.id));
    expect(all.data).toHaveLength(3);
  });

  it('writes a REMOVED for each product of a connector removed', async () => {
    const cursor = await head(gateway);
    const left = catalogue.items.map((i) => `${CONNECTOR}:${i.sku}`);
    const { data, errors } = await gateway.graphql('mutation($id: String!) { removeConnector(id: $id) }', { id: CONNECTOR }, as(key));
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    expect(data.removeConnector).toBe(true);
    const removed = await changesAfter(gateway, cursor);
    expect(removed.map((c) => c.type)).toEqual(Array(left.length).fill('REMOVED'));
    expect(removed.map((c) => c.productId).sort()).toEqual(left.sort());
  });

  it('reports the feed and Product.availability (UNKNOWN while the manifest maps none)', async () => {
    const { data } = await gateway.graphql('{ changeFeed { retentionSeconds oldestCursor } product(id: "my-ovop:MY-0001") { availability } }');
    expect(data.changeFeed.retentionSeconds).toBe(604_800);
    expect(data.changeFeed.oldestCursor).toMatch(/^c1\./);
    expect(data.product.availability).toBe('UNKNOWN');
  });
});

describe('a log written without a new snapshot (the clock, another instance)', () => {
  it('answers productChanges and changeFeed from the log as it stands, never from the answer cache', async () => {
    const gateway = await startGateway({});
    try {
      const [product] = (await productsByConnector(gateway.gateway.federation)).get('vn-ocop')!;
      const filter = { connectors: ['ph-ghost'] };
      const asked = async () => (await gateway.graphql(CHANGES, { after: null, filter })).data.productChanges.edges;
      expect(await asked()).toEqual([]);
      const head = await (await gateway.graphql(FEED)).data.changeFeed.headCursor;
      // What the clock's sweep or another instance's harvest does: the log moves, the catalogue does not.
      const ghost = { ...product!, id: 'ph-ghost:G-1', connector: 'ph-ghost', economy: 'PH' };
      const { written } = await recordHarvest(gateway.gateway.changes, {
        connector: 'ph-ghost',
        economy: 'PH',
        now: new Date(),
        harvest: { complete: true, products: [ghost] },
      });
      expect(written).toHaveLength(1);
      expect((await asked()).map((e: any) => e.node.id)).toEqual([written[0]!.id]);
      expect((await gateway.graphql(FEED)).data.changeFeed.headCursor).not.toBe(head);
    } finally {
      await gateway.close();
    }
  });
});

describe('retention', () => {
  let catalogue: Catalogue;
  let gateway: TestGateway;
  let now = Date.parse('2026-12-01T00:00:00Z');

  beforeAll(async () => {
    catalogue = await startCatalogue(3);
    gateway = await startGateway(
      { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true', CHANGES_RETENTION_SECONDS: '60' },
      { clock: () => new Date(now) },
    );
    await register(gateway, catalogue);
  });
  afterAll(async () => {
    await gateway.close();
    await catalogue.close();
  });

  it('refuses a cursor older than the retention: CURSOR_EXPIRED, and 410 on /changes', async () => {
    const { oldestCursor } = (await gateway.graphql(FEED)).data.changeFeed;
    expect(await changesAfter(gateway, oldestCursor)).toHaveLength(3);
    now += 61_000;
    await gateway.gateway.federation.sweepChanges();
    const { errors } = await gateway.graphql(CHANGES, { after: oldestCursor });
    expect(errors?.[0].extensions.code).toBe('CURSOR_EXPIRED');
    const response = await fetch(`${gateway.url}/changes?after=${encodeURIComponent(oldestCursor)}`);
    expect(response.status).toBe(410);
    expect((await response.json()).error.code).toBe('CURSOR_EXPIRED');
    // The feed's head still reads: nothing newer.
    expect(await changesAfter(gateway, await head(gateway))).toEqual([]);
  });
});

describe('on a shared Redis', async () => {
  const redis = await resolveRedis();
  afterAll(() => redis.stop?.());

  it.skipIf(!redis.url)(
    'two gateways harvesting the same change write one event, and a restarted one reads the same cursors',
    { timeout: 30_000 },
    async () => {
      const catalogue = await startCatalogue(6);
      const prefix = uniquePrefix();
      const env = { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' };
      const open: Array<{ close(): Promise<unknown> }> = [catalogue];
      const start = async () => {
        const stores = await connectRedisStores(redis.url!, prefix);
        const gateway = await startGateway(env, { stores: { cache: stores.cache, registry: stores.registry, changes: stores.changeLog() } });
        open.push(gateway, stores);
        return gateway;
      };
      try {
        const a = await start();
        const b = await start();
        const key = await register(a, catalogue);
        // B follows the registry (read at most every two seconds) and loads the shared snapshot.
        for (let i = 0; i < 100 && !(await b.graphql('{ connectors { id } }')).data.connectors.some((c: any) => c.id === CONNECTOR); i++) {
          await new Promise((r) => setTimeout(r, 100));
        }
        const cursor = await head(a);
        expect(await head(b)).toBe(cursor);

        catalogue.items[0] = item(1, { price: '₱999.00' });
        await Promise.all([refresh(a, key), refresh(b, key)]);
        const seenByA = await changesAfter(a, cursor);
        expect(seenByA.map((c) => [c.type, c.productId, c.version])).toEqual([['UPDATED', idOf(1), 2]]);
        expect((await changesAfter(b, cursor)).map((c) => c.id)).toEqual(seenByA.map((c) => c.id));

        // A restart: a new gateway on the same Redis reads the same cursors, and the same ids.
        const everything = await changesAfter(a, null, 3);
        await a.close();
        const restarted = await start();
        expect((await changesAfter(restarted, null, 3)).map((c) => c.id)).toEqual(everything.map((c) => c.id));
        expect((await changesAfter(restarted, cursor)).map((c) => c.id)).toEqual(seenByA.map((c) => c.id));
        // It harvested nothing itself: the product page's "last changed" comes from the log's state in Redis.
        const page = await (await fetch(`${restarted.url}/products/${encodeURIComponent(idOf(1))}?lang=en`, { headers: { accept: 'text/html' } })).text();
        expect(page).toContain(`Last changed ${seenByA[0].occurredAt.slice(0, 10)}: price.`);
      } finally {
        for (const thing of open.reverse()) await thing.close().catch(() => {});
      }
    },
  );
});
