import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EdgeGateway, startEdgeGateway } from './helpers/edge';
import { feedItem, feedManifest } from './helpers/feed-catalogue';
import { feedClient } from './helpers/feed-client';
import { type Served, serveOnFreePort } from './helpers/serve';
import { until } from './helpers/until';

/**
 * A sharded harvest that spans invocations (issue 30), in `wrangler dev` with its catalogue in 4
 * shards and SQLite persisted to a folder: a registration's harvest is under way when the upstream
 * stalls on page 6 and the dev server is stopped (the invocation ends, its isolate with it); the
 * dev server starts again on the same storage, and the Cron pass goes on from page 6 under the
 * same harvest id. The upstream's request log shows pages 1 to 5 were not fetched again; the
 * products served, the harvest report's counts and the change feed equal an uninterrupted
 * harvest's, each product recorded once.
 */

const CONFIG = 'test/fixtures/wrangler.shards.toml';
const ADMIN = 'operator-token-for-edge-shards-resume';
const CONNECTOR = 'ph-shards-resume';
const PAGE_SIZE = 8;
const PAGES = 25;
/** The page the upstream stalls on, the second time it is asked for (the first is the registration's dry run). */
const STALL_PAGE = 6;
/** Item 90 (page 12, after the resumption) repeats item 10's id (page 2, before it): a duplicate the Worker that resumed never saw. */
const DUPLICATE = 90;
const as = (key: string) => ({ authorization: `Bearer ${key}` });
const VARS = {
  GATEWAY_ADMIN_TOKEN: ADMIN,
  ALLOW_PRIVATE_UPSTREAMS: 'true',
  RATE_LIMIT_PER_SECOND: '1000000',
  RATE_LIMIT_BURST: '1000000',
  // The stalled page must outlast the stop, not time out into a truncated harvest.
  UPSTREAM_TIMEOUT_MS: '60000',
};

interface Upstream extends Served {
  /** Every page asked for, in order. */
  log: number[];
  /** Ends the stalled request (at teardown). */
  release(): void;
}

/** The catalogue, paged by number, 8 items a page: the second request for STALL_PAGE waits until released. */
async function startUpstream(): Promise<Upstream> {
  const items = Array.from({ length: PAGES * PAGE_SIZE }, (_, i) =>
    i + 1 === DUPLICATE ? { ...feedItem(DUPLICATE), sku: feedItem(10).sku } : feedItem(i + 1),
  );
  const log: number[] = [];
  let release: () => void = () => {};
  const stalled = new Promise<void>((resolve) => (release = resolve));
  const app = new Hono().get('/items', async (c) => {
    const page = Number(c.req.query('page'));
    log.push(page);
    if (page === STALL_PAGE && log.filter((p) => p === STALL_PAGE).length === 2) {
      await stalled;
      return c.text('gone', 503);
    }
    return c.json({ data: { items: items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE) } });
  });
  const served = await serveOnFreePort(app.fetch);
  return { ...served, log, release: () => release() };
}

const manifest = (base: string) => {
  const m = feedManifest(base, CONNECTOR);
  return { ...m, source: { ...m.source, pagination: { type: 'page', param: 'page', start: 1, sizeParam: 'limit', size: PAGE_SIZE } } };
};

const REPORT = `{ connectors { id productCount lastHarvest { status pages records accepted quarantined invocations resumedPages } } }`;

let dir: string;
let upstream: Upstream;
let edge: EdgeGateway | undefined;
let key: string;
let before: string;
const feed = feedClient({ gateway: () => edge!, connector: CONNECTOR, key: () => key });
/** The upstream's log from the restart on. */
let resumedLog: number[];

async function report(): Promise<any> {
  const { data } = await edge!.graphql(REPORT);
  return data?.connectors.find((c: { id: string }) => c.id === CONNECTOR);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ovop-shards-resume-'));
  upstream = await startUpstream();
  edge = await startEdgeGateway(VARS, { config: CONFIG, persistTo: dir });
  before = await feed.head();
  key = (await edge.graphql('mutation { createEconomyKey(economy: "PH") { key } }', {}, as(ADMIN))).data.createEconomyKey.key;
  // The registration's harvest: it never answers, since its invocation ends under it.
  const registering = edge
    .graphql('mutation($m: JSON!) { registerConnector(manifest: $m) { connector { status } } }', { m: manifest(upstream.url) }, as(key))
    .catch(() => undefined);
  await until('the harvest asks for the stalled page', () => upstream.log.filter((p) => p === STALL_PAGE).length === 2, { timeout: 60_000, interval: 100 });
  // The invocation ends: the dev server stops, its isolates and their timers with it.
  await edge.close();
  edge = undefined;
  void registering;
  const stoppedAt = upstream.log.length;
  edge = await startEdgeGateway(VARS, { config: CONFIG, persistTo: dir, testScheduled: true });
  // The first event after the restart is the Cron pass; another one follows while the harvest has not
  // finished (a pass that comes while the ended invocation's checkpoint is fresh leaves it).
  const deadline = Date.now() + 240_000;
  for (;;) {
    expect((await fetch(`${edge.url}/__scheduled`)).status).toBe(200);
    const polled = Date.now();
    while (Date.now() - polled < 15_000 && (await report())?.lastHarvest?.status !== 'COMPLETE') await new Promise((r) => setTimeout(r, 1000));
    if ((await report())?.lastHarvest?.status === 'COMPLETE') break;
    if (Date.now() > deadline) throw new Error(`the harvest was not resumed: ${JSON.stringify(await report())}`);
  }
  resumedLog = upstream.log.slice(stoppedAt);
}, 420_000);

afterAll(async () => {
  upstream?.release();
  await edge?.close();
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every local id the catalogue serves once, in its order. */
const servedIds = () =>
  Array.from({ length: PAGES * PAGE_SIZE }, (_, i) => i + 1)
    .filter((n) => n !== DUPLICATE)
    .map((n) => `${CONNECTOR}:${feedItem(n).sku}`);

describe('a sharded harvest whose invocation ended', () => {
  it('is finished by the Cron pass from page 6: pages 1 to 5 are not fetched again', () => {
    expect(resumedLog.length).toBeGreaterThan(0);
    expect(Math.min(...resumedLog)).toBe(STALL_PAGE);
    // Page 26 answers an empty list: the end.
    expect([...new Set(resumedLog)].sort((a, b) => a - b)).toEqual(Array.from({ length: PAGES + 2 - STALL_PAGE }, (_, i) => STALL_PAGE + i));
  });

  it('reports one harvest that took two invocations, with the counts of the whole', async () => {
    expect(await report()).toEqual({
      id: CONNECTOR,
      productCount: PAGES * PAGE_SIZE - 1,
      lastHarvest: {
        status: 'COMPLETE',
        pages: PAGES + 1,
        records: PAGES * PAGE_SIZE,
        accepted: PAGES * PAGE_SIZE - 1,
        quarantined: 1,
        invocations: 2,
        resumedPages: 5,
      },
    });
  });

  it('serves each product once, and the change feed records each once', async () => {
    const exported = [...(await feed.exported()).products.keys()];
    expect([...exported].sort()).toEqual(servedIds().sort());
    const created = (await feed.changesAfter(before)).filter((c) => c.type === 'CREATED').map((c) => c.productId);
    expect(created.sort()).toEqual(servedIds().sort());
    // Item 10 is the first of its id: the record served is page 2's, not the duplicate's.
    const { data } = await edge!.graphql('query($id: ID!) { product(id: $id) { name(lang: "en") { value } } }', { id: `${CONNECTOR}:${feedItem(10).sku}` });
    expect(data.product.name.value).toBe('Product 10');
  });

  it('serves what an uninterrupted harvest of the same catalogue serves, and the feed finds nothing changed', async () => {
    const resumed = [...(await feed.exported()).products.keys()];
    const cursor = await feed.head();
    const from = upstream.log.length;
    expect(await feed.refresh()).toEqual({ status: 'UP', productCount: PAGES * PAGE_SIZE - 1 });
    expect(upstream.log.slice(from)).toEqual(Array.from({ length: PAGES + 1 }, (_, i) => i + 1));
    expect([...(await feed.exported()).products.keys()]).toEqual(resumed);
    expect((await report()).lastHarvest).toEqual({
      status: 'COMPLETE',
      pages: PAGES + 1,
      records: PAGES * PAGE_SIZE,
      accepted: PAGES * PAGE_SIZE - 1,
      quarantined: 1,
      invocations: 1,
      resumedPages: 0,
    });
    expect(await feed.changesAfter(cursor)).toEqual([]);
  });
});
