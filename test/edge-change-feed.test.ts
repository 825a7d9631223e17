import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECB_XML } from './fixtures/ecb';
import { SseReader } from './helpers/changes';
import { type EdgeGateway, startEdgeGateway } from './helpers/edge';
import { CHANGES_QUERY, expectBuiltInsRecorded, feedClient } from './helpers/feed-client';
import { type FeedCatalogue, feedItem, feedManifest, feedProductId, startFeedCatalogue } from './helpers/feed-catalogue';
import { type Served, serveOnFreePort } from './helpers/serve';

/**
 * The change feed's "Done when" in the Workers runtime: the gateway Worker (wrangler.toml, its
 * change log the SQLite-backed Durable Object bound as CHANGES) in `wrangler dev`, over real HTTP,
 * with a catalogue server the test edits between refreshes, registered through the registration
 * API. KV and the Durable Object persist to a temporary folder, so a second `wrangler dev` on it
 * is a restart. test/change-feed.test.ts is the same on Node.
 */

const ADMIN = 'operator-token-for-edge-change-feed';
const CONNECTOR = 'ph-edge-feed';
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const idOf = (n: number) => feedProductId(CONNECTOR, n);
const DAY = 86_400_000;
/** A date `days` from today (the runtime's clock is the real one: workerd cannot be given another). */
const isoDay = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
/**
 * Item 5: dried mango with everything Malaysia asks of food (so its report there is not BLOCKED)
 * and a halal certificate, which food with a halal claim needs valid there.
 */
const halalMango = (expires: string) =>
  feedItem(5, {
    hs: '0804.50',
    ingredients_en: 'Dried mango, cane sugar.',
    allergens: [],
    shelf_life_days: 365,
    certifications: [{ type: 'HALAL', number: 'JAKIM-HC-2026-0505', issuer: 'JAKIM', expires }],
  });

let dir: string;
let catalogue: FeedCatalogue;
let rateFeed: Served;
let rates = ECB_XML;
let edge: EdgeGateway;
let key: string;
/** The feed's oldest cursor before the catalogue was registered. */
let before: string;
const clients: Client[] = [];

const vars = (extra: Record<string, string> = {}) => ({
  GATEWAY_ADMIN_TOKEN: ADMIN,
  ALLOW_PRIVATE_UPSTREAMS: 'true',
  RATES_URL: `${rateFeed.url}/eurofxref-daily.xml`,
  ...extra,
});
const start = (extra: Record<string, string> = {}) => startEdgeGateway(vars(extra), { persistTo: dir, testScheduled: true });

const feed = feedClient({ gateway: () => edge, connector: CONNECTOR, key: () => key });
const { refresh, head, changesAfter } = feed;

/** The product page as a browser gets it. */
const productPage = async (id: string) => (await fetch(`${edge.url}/products/${encodeURIComponent(id)}?lang=en`, { headers: { accept: 'text/html' } })).text();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ovop-edge-feed-'));
  catalogue = await startFeedCatalogue(10);
  catalogue.items[2] = feedItem(3, { stock: 12 });
  catalogue.items[3] = feedItem(4, { certifications: [{ type: 'ORGANIC', number: 'OCCP-2026-0404', issuer: 'OCCP', expires: isoDay(200) }] });
  catalogue.items[4] = halalMango(isoDay(10));
  rateFeed = await serveOnFreePort(() => new Response(rates, { headers: { 'content-type': 'application/xml' } }));
  edge = await start();
  before = (await edge.graphql('{ changeFeed { headCursor } }')).data.changeFeed.headCursor;
  key = (await edge.graphql('mutation { createEconomyKey(economy: "PH") { key } }', {}, as(ADMIN))).data.createEconomyKey.key;
  const registered = await edge.graphql(
    'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { status productCount } } }',
    { m: feedManifest(catalogue.url, CONNECTOR) },
    as(key),
  );
  expect(registered.errors, JSON.stringify(registered.errors)).toBeUndefined();
  expect(registered.data.registerConnector.connector).toEqual({ status: 'UP', productCount: 10 });
}, 180_000);

afterAll(async () => {
  for (const client of clients) client.dispose();
  await edge?.close();
  await Promise.all([catalogue?.close(), rateFeed?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the change feed in wrangler dev, on the Durable Object log', () => {
  it('records the registration: a CREATED for each product, and one CERTIFICATE_EXPIRING for the certificate due in 10 days', async () => {
    const all = await changesAfter(before);
    const created = all.filter((c) => c.type === 'CREATED');
    expect(created.map((c) => c.productId).sort()).toEqual(Array.from({ length: 10 }, (_, i) => idOf(i + 1)).sort());
    expect(all.filter((c) => c.type !== 'CREATED')).toMatchObject([
      {
        type: 'CERTIFICATE_EXPIRING',
        productId: idOf(5),
        version: 2,
        compliance: null,
        changes: [{ path: 'certifications.HALAL.validUntil', after: isoDay(10) }],
      },
    ]);
  });

  it("records the built-in catalogues' first harvests too, which the first request started and did not wait for", async () => {
    await expectBuiltInsRecorded(edge.url, 20_000);
  }, 90_000);

  it('hands over from an export without a gap: exactly the four changes a refresh found, and applying them equals a fresh export', async () => {
    await feed.expectGaplessHandover(catalogue, idOf);
  });

  it('writes nothing for a refresh that finds nothing changed, nor for new exchange rates alone (the Cron Trigger fetches them)', async () => {
    const cursor = await head();
    await refresh();
    expect(await changesAfter(cursor)).toEqual([]);
    rates = ECB_XML.replace(/currency='PHP' rate='[\d.]+'/, "currency='PHP' rate='99.123'");
    expect((await fetch(`${edge.url}/__scheduled`)).status).toBe(200);
    await refresh();
    expect(await changesAfter(cursor)).toEqual([]);
  });

  it('removes nothing when a harvest fails on its second page', async () => {
    const cursor = await head();
    catalogue.failPage = 2;
    try {
      expect((await refresh()).status).toBe('DEGRADED');
    } finally {
      catalogue.failPage = 0;
    }
    expect(await changesAfter(cursor)).toEqual([]);
    expect((await refresh()).status).toBe('UP');
    expect(await changesAfter(cursor)).toEqual([]);
  });

  it('writes one CERTIFICATE_EXPIRING however many refreshes follow, and a COMPLIANCE_CHANGED for Malaysia once the certificate expires at the source', async () => {
    const cursor = await head();
    await refresh();
    expect((await fetch(`${edge.url}/__scheduled`)).status).toBe(200);
    await refresh();
    expect(await changesAfter(cursor)).toEqual([]);

    catalogue.items[catalogue.items.findIndex((i) => i.sku === 'FEED-0005')] = halalMango(isoDay(-1));
    await refresh();
    const changes = await changesAfter(cursor);
    expect(changes.filter((c) => c.type === 'CERTIFICATE_EXPIRING')).toEqual([]);
    const malaysia = changes.filter((c) => c.type === 'COMPLIANCE_CHANGED' && c.compliance.destination === 'MY');
    expect(malaysia).toHaveLength(1);
    expect(malaysia[0].productId).toBe(idOf(5));
    expect(malaysia[0].compliance.to).toBe('BLOCKED');
    expect(malaysia[0].compliance.checks).toContainEqual({ code: 'HALAL_CERTIFICATE', status: 'EXPIRED' });
    // Versions strictly increase across the product's events, compliance ones included.
    const versions = changes.filter((c) => c.productId === idOf(5)).map((c) => c.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('/changes/stream resumes exactly after Last-Event-ID, from the Durable Object', async () => {
    const start = await head();
    for (let n = 6; n <= 9; n++) catalogue.items[catalogue.items.findIndex((i) => i.sku === feedItem(n).sku)] = feedItem(n, { price: `₱${500 + n}.00` });
    await refresh();
    const expected = (await changesAfter(start)).map((c) => c.id);
    expect(expected).toHaveLength(4);

    const open = (query: string, headers: Record<string, string> = {}) =>
      fetch(`${edge.url}/changes/stream?connector=${CONNECTOR}${query}`, { headers: { accept: 'text/event-stream', ...headers } });
    const seen: string[] = [];
    let reader = new SseReader(await open(`&after=${encodeURIComponent(start)}`));
    let last = '';
    for (let i = 0; i < 2; i++) {
      const event = (await reader.next())!;
      seen.push(JSON.parse(event.data).id);
      last = event.id!;
    }
    await reader.close();
    reader = new SseReader(await open('', { 'last-event-id': last }));
    for (let i = 0; i < 2; i++) seen.push(JSON.parse((await reader.next())!.data).id);
    // Then live: a change written while the stream is open reaches it, once.
    catalogue.items[catalogue.items.findIndex((i) => i.sku === 'FEED-0010')] = feedItem(10, { price: '₱999.00' });
    await refresh();
    const live = (await reader.next())!;
    seen.push(JSON.parse(live.data).id);
    await reader.close();
    const all = (await changesAfter(start)).map((c) => c.id);
    expect(all).toHaveLength(5);
    expect(seen).toEqual(all);
  });

  it('the productChanged subscription (graphql-sse) resumes with `after`, missing nothing and repeating nothing', async () => {
    const start = await head();
    for (let n = 6; n <= 9; n++) catalogue.items[catalogue.items.findIndex((i) => i.sku === feedItem(n).sku)] = feedItem(n, { price: `₱${600 + n}.00` });
    await refresh();
    const client = createClient({ url: `${edge.url}/graphql`, retryAttempts: 0 });
    clients.push(client);
    const take = async (after: string, count: number, meanwhile?: () => Promise<unknown>) => {
      const subscription = client.iterate<{ productChanged: { id: string; cursor: string; productId: string } }>({
        query: 'subscription($after: String, $filter: ChangeFilter) { productChanged(after: $after, filter: $filter) { id cursor productId } }',
        variables: { after, filter: { connectors: [CONNECTOR] } },
      });
      const taken: { id: string; cursor: string }[] = [];
      let started: Promise<unknown> | undefined;
      for await (const result of subscription) {
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        taken.push(result.data!.productChanged);
        if (taken.length === 1) started = meanwhile?.();
        if (taken.length === count) break;
      }
      await started;
      await subscription.return?.();
      return taken;
    };
    const first = await take(start, 2);
    const rest = await take(first.at(-1)!.cursor, 3, async () => {
      catalogue.items[catalogue.items.findIndex((i) => i.sku === 'FEED-0010')] = feedItem(10, { price: '₱1,099.00' });
      await refresh();
    });
    const all = (await changesAfter(start)).map((c) => c.id);
    expect(all).toHaveLength(5);
    expect([...first, ...rest].map((c) => c.id)).toEqual(all);
  });

  it('holds back a harvest that removes half the catalogue until a second complete harvest agrees', async () => {
    const cursor = await head();
    const lost = catalogue.items.slice(5).map((i) => `${CONNECTOR}:${i.sku}`);
    catalogue.items = catalogue.items.slice(0, 5);
    await refresh();
    expect(await changesAfter(cursor)).toEqual([]);
    await refresh();
    const removed = await changesAfter(cursor);
    expect(removed.map((c) => c.type)).toEqual(Array(5).fill('REMOVED'));
    expect(removed.map((c) => c.productId).sort()).toEqual(lost.sort());
  });

  it('after a restart on the same storage: the same cursors return the same ids, and the product page still says what last changed', async () => {
    const everything = await changesAfter(before, 7);
    const handover = (await changesAfter(before)).find((c) => c.productId === idOf(3) && c.type === 'UPDATED')!;
    expect(await productPage(idOf(3))).toContain('Last changed');
    await edge.close();
    edge = await start();
    expect((await changesAfter(before, 7)).map((c) => c.id)).toEqual(everything.map((c) => c.id));
    const cursors = everything.filter((_, i) => i % 5 === 0).map((c) => c.cursor);
    for (const cursor of cursors) {
      const i = everything.findIndex((c) => c.cursor === cursor);
      expect((await changesAfter(cursor)).map((c) => c.id)).toEqual(everything.slice(i + 1).map((c) => c.id));
    }
    // This isolate harvested nothing: what the page says comes from the log's state.
    const page = await productPage(idOf(3));
    expect(page).toContain(`Last changed ${handover.occurredAt.slice(0, 10)}: availability.`);
    expect(page).toContain('<code>availability</code>');
  }, 120_000);

  it('refuses a cursor older than the retention: CURSOR_EXPIRED, and 410 on /changes; the Cron Trigger sweeps certificates into the log', async () => {
    await edge.close();
    // The shortest retention there is (a minute): the registration's events are older by now, or soon.
    // And a notice window that now takes in item 4's certificate, 200 days out (the clock cannot be moved in workerd).
    edge = await start({ CHANGES_RETENTION_SECONDS: '60', CERT_EXPIRY_NOTICE_DAYS: '366' });
    const cursor = await head();
    expect((await fetch(`${edge.url}/__scheduled`)).status).toBe(200);
    await expect
      .poll(async () => (await changesAfter(cursor)).map((c) => [c.type, c.productId]), { timeout: 20_000 })
      .toEqual([['CERTIFICATE_EXPIRING', idOf(4)]]);
    expect((await changesAfter(cursor))[0]).toMatchObject({ compliance: null, changes: [{ path: 'certifications.ORGANIC.validUntil', after: isoDay(200) }] });
    // Once per certificate, however many sweeps follow.
    expect((await fetch(`${edge.url}/__scheduled`)).status).toBe(200);
    await refresh();
    expect(await changesAfter(cursor)).toHaveLength(1);

    await expect
      .poll(async () => (await fetch(`${edge.url}/changes?after=${encodeURIComponent(before)}`)).status, { timeout: 90_000, interval: 2_000 })
      .toBe(410);
    const response = await fetch(`${edge.url}/changes?after=${encodeURIComponent(before)}`);
    expect((await response.json()).error.code).toBe('CURSOR_EXPIRED');
    const { errors } = await edge.graphql(CHANGES_QUERY, { after: before });
    expect(errors?.[0].extensions.code).toBe('CURSOR_EXPIRED');
  }, 150_000);
});
