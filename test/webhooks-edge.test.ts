import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_dev, type Unstable_DevWorker } from 'wrangler';
import { type Served, serveOnFreePort } from './helpers/serve';
import { until } from './helpers/until';
import { type Receiver, startReceiver } from './helpers/webhook-receiver';

let worker: Unstable_DevWorker;

beforeAll(async () => {
  process.env.WRANGLER_SEND_METRICS = 'false';
  // '' builds the config's own `main`, relative to the config (as `wrangler deploy --config` does).
  worker = await unstable_dev('', {
    config: 'test/fixtures/webhooks/wrangler.toml',
    ip: '127.0.0.1',
    port: 0,
    inspectorPort: 0,
    persist: false,
    logLevel: 'error',
    experimental: { disableExperimentalWarning: true },
  });
});
afterAll(async () => {
  await worker?.stop();
});

describe('webhook signing in the Workers runtime (workerd)', () => {
  it('bundles standardwebhooks without node: built-ins, and signs what Node verifies, with two signatures during a rotation', async () => {
    const body = JSON.stringify({ specversion: '1.0', id: 'evt_edge', data: { name: 'Kain tenun 🧵' } });
    const response = await fetch(`http://127.0.0.1:${worker.port}/`, { method: 'POST', body });
    const { secret, headers } = (await response.json()) as { secret: string; headers: Record<string, string> };
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });
});

/**
 * The gateway Worker in wrangler dev with the webhook Durable Objects (test/fixtures/wrangler.webhooks-edge.toml:
 * no Cron, so every delivery comes from a subscription's own alarm), its storage persisted to a
 * temporary folder, a short retry schedule, and a catalogue and receivers on loopback over real HTTP.
 * Each test watches one product of the catalogue (a `productIds` filter), so the subscriptions of
 * one test never see another's changes.
 */
const ADMIN = 'operator-token-for-webhook-edge-tests';
const SECRETS_KEY = 'jQM5/PgY6nYMDr5rZwk/xjnjCx3Q3PJN6zSIThkm6QI=';
const CONNECTOR = 'th-hooks';
const SCHEDULE = [1000, 2000, 3000, 1000];
const as = (key: string) => ({ authorization: `Bearer ${key}` });

const CREATE_CLIENT = 'mutation($n: String!) { createClientKey(name: $n, requestsPerSecond: 100) { key } }';
const CREATE_ECONOMY = 'mutation { createEconomyKey(economy: "TH") { key } }';
const REGISTER = 'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { id status productCount } } }';
const REFRESH = 'mutation($id: String!) { refreshConnector(id: $id) { status } }';
const SUBSCRIBE = 'mutation($input: WebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id status cursor } } }';
const SUBSCRIPTION =
  'query($first: Int) { webhookSubscriptions { id url status cursor failingSince deliveries(first: $first) { eventId attempt at status error } } }';
const UPDATE = 'mutation($id: ID!, $input: WebhookSubscriptionInput!) { updateWebhookSubscription(id: $id, input: $input) { id } }';
const DELETE = 'mutation($id: ID!) { deleteWebhookSubscription(id: $id) }';
const ROTATE = 'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }';
const REPLAY = 'mutation($id: ID!, $from: String!) { replayWebhookSubscription(id: $id, from: $from) { id status } }';
const RESUME = 'mutation($id: ID!) { resumeWebhookSubscription(id: $id) { id status } }';

const item = (n: number, price = 100 + n) => ({
  sku: `HOOK-${n}`,
  name_th: `ตะกร้า ${n}`,
  name_en: `Basket ${n}`,
  category: 'Food',
  price: `฿${price}.00`,
  maker: { name: 'Chiang Mai Weavers', province: 'Chiang Mai' },
  photos: [`https://samples.ovop.example/img/hooks/${n}.jpg`],
});

const manifest = (base: string) => ({
  id: CONNECTOR,
  economy: 'TH',
  programme: 'OTOP',
  name: 'Thailand OTOP (webhook edge test)',
  source: { url: `${base}/items`, format: 'json', items: 'items' },
  defaults: { currency: 'THB', language: 'th' },
  mapping: {
    localId: 'sku',
    name: { th: 'name_th', en: 'name_en' },
    category: 'category',
    price: 'price',
    'producer.name': 'maker.name',
    'producer.region': 'maker.province',
    images: 'photos',
  },
});

interface Edge {
  url: string;
  worker: Unstable_DevWorker;
  graphql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: any; errors?: any[] }>;
}

async function startEdge(vars: Record<string, string>, persistTo?: string): Promise<Edge> {
  process.env.WRANGLER_SEND_METRICS = 'false';
  const worker = await unstable_dev('', {
    config: 'test/fixtures/wrangler.webhooks-edge.toml',
    ip: '127.0.0.1',
    port: 0,
    inspectorPort: 0,
    ...(persistTo ? { persist: true, persistTo } : { persist: false }),
    logLevel: 'error',
    vars: { GATEWAY_ADMIN_TOKEN: ADMIN, ...vars },
    experimental: { disableExperimentalWarning: true },
  });
  const url = `http://127.0.0.1:${worker.port}`;
  return {
    url,
    worker,
    async graphql(query, variables = {}, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      try {
        return JSON.parse(text) as { data?: any; errors?: any[] };
      } catch {
        throw new Error(`not a GraphQL answer (${response.status}): ${text.slice(0, 500)}`);
      }
    },
  };
}

async function ok(result: Promise<{ data?: any; errors?: any[] }>): Promise<any> {
  const { data, errors } = await result;
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  return data;
}

const codeOf = (result: { errors?: any[] }) => result.errors?.[0]?.extensions?.code;

/** Every file under `dir`, as Latin-1 text (SQLite pages, WAL, whatever the runtime keeps there). */
function everythingUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

describe('webhooks on Workers: one Durable Object per subscription, stepped by its alarm', () => {
  const state = { items: Array.from({ length: 9 }, (_, i) => item(i + 1)) };
  let catalogue: Served;
  let edge: Edge;
  let dir: string;
  let client: string;
  let otherClient: string;
  let economy: string;
  const receivers: Receiver[] = [];

  /** A receiver of its own, closed after the suite. */
  const receiver = async () => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };
  /** Changes product `n`'s price at the source and refreshes through the registration API (a harvest in the Worker). */
  const change = async (n: number, price: number) => {
    state.items[n - 1] = item(n, price);
    expect((await ok(edge.graphql(REFRESH, { id: CONNECTOR }, as(economy)))).refreshConnector.status).toBe('UP');
  };
  const subscribe = async (url: string, filter: Record<string, unknown>, key = client) =>
    (await ok(edge.graphql(SUBSCRIBE, { input: { url, filter } }, as(key)))).createWebhookSubscription as {
      secret: string;
      subscription: { id: string; cursor: string };
    };
  const listed = async (id: string, first = 20, key = client) =>
    ((await ok(edge.graphql(SUBSCRIPTION, { first }, as(key)))).webhookSubscriptions as any[]).find((s) => s.id === id);
  const product = (n: number) => ({ productIds: [`${CONNECTOR}:HOOK-${n}`] });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ovop-webhooks-edge-'));
    catalogue = await serveOnFreePort(new Hono().get('/items', (c) => c.json({ items: state.items })).fetch);
    edge = await startEdge(
      { ALLOW_PRIVATE_UPSTREAMS: 'true', SECRETS_KEY, WEBHOOK_RETRY_SCHEDULE: SCHEDULE.map((ms) => `${ms}ms`).join(','), WEBHOOK_TIMEOUT_MS: '5000' },
      dir,
    );
    client = (await ok(edge.graphql(CREATE_CLIENT, { n: 'edge marketplace' }, as(ADMIN)))).createClientKey.key;
    otherClient = (await ok(edge.graphql(CREATE_CLIENT, { n: 'another marketplace' }, as(ADMIN)))).createClientKey.key;
    economy = (await ok(edge.graphql(CREATE_ECONOMY, {}, as(ADMIN)))).createEconomyKey.key;
    const registered = await ok(edge.graphql(REGISTER, { m: manifest(catalogue.url) }, as(economy)));
    expect(registered.registerConnector.connector).toMatchObject({ status: 'UP', productCount: 9 });
  }, 120_000);
  afterAll(async () => {
    await edge?.worker.stop();
    await Promise.all([catalogue?.close(), ...receivers.map((r) => r.close())]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a change signed: standardwebhooks verifies it, a body one byte off it refuses; the secret is sealed in storage', {
    timeout: 60_000,
  }, async () => {
    const r = await receiver();
    const { secret } = await subscribe(`${r.url}/signed`, product(1));
    await change(1, 150);
    await until('the alarm delivered', () => r.received.length > 0, { timeout: 30_000 });
    const [delivery] = r.received;
    expect(delivery!.headers['content-type']).toBe('application/cloudevents+json');
    const event = new Webhook(secret).verify(delivery!.body, delivery!.headers) as any;
    expect(event).toMatchObject({ id: delivery!.headers['webhook-id'], data: { productId: `${CONNECTOR}:HOOK-1` } });
    const tampered = delivery!.body.replace('"version":', '"version": ');
    expect(tampered).not.toBe(delivery!.body);
    expect(tampered.length).toBe(delivery!.body.length + 1);
    expect(() => new Webhook(secret).verify(tampered, delivery!.headers)).toThrow();

    // The Durable Objects' storage on disk holds the subscription (its URL) but not its secret.
    const stored = everythingUnder(dir);
    expect(stored).toContain(`${r.url}/signed`);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice('whsec_'.length));
  });

  it('retries 500, 500, 429 with Retry-After, then 200: four attempts, one body and webhook-id, at the scheduled gaps', { timeout: 60_000 }, async () => {
    const r = await receiver();
    r.answers.push({ status: 500 }, { status: 500 }, { status: 429, headers: { 'retry-after': '1' } }, { status: 200 });
    const { subscription } = await subscribe(`${r.url}/retry`, product(2));
    await change(2, 250);
    await until('four attempts', () => r.received.length === 4, { timeout: 45_000 });
    expect(new Set(r.received.map((d) => d.body)).size).toBe(1);
    expect(new Set(r.received.map((d) => d.headers['webhook-id'])).size).toBe(1);

    // The attempt is recorded before the subscription is written ACTIVE again: wait for both.
    await until('the fourth attempt is recorded and the subscription active', async () => {
      const now = await listed(subscription.id);
      return now.deliveries.length === 4 && now.status === 'ACTIVE';
    });
    const s = await listed(subscription.id);
    const attempts = [...s.deliveries].reverse();
    expect(attempts.map((a: any) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 429],
      [4, 200],
    ]);
    expect(new Set(attempts.map((a: any) => a.eventId))).toEqual(new Set([r.received[0]!.headers['webhook-id']]));
    // Each gap is at least its delay (the schedule's less its 20 % jitter; Retry-After's exactly) and not
    // far past it: the alarm keeps the schedule, no poll or Cron stands in between.
    const at = attempts.map((a: any) => Date.parse(a.at));
    const gaps = at.slice(1).map((t: number, i: number) => t - at[i]!);
    const planned = [SCHEDULE[0]!, SCHEDULE[1]!, 1000];
    const least = [SCHEDULE[0]! * 0.8, SCHEDULE[1]! * 0.8, 1000];
    gaps.forEach((gap: number, i: number) => {
      expect(gap, `gap ${i + 1}`).toBeGreaterThanOrEqual(least[i]!);
      expect(gap, `gap ${i + 1}`).toBeLessThan(planned[i]! * 1.2 + 5000);
    });
  });

  it('delivers three changes to one product in version order, never two at once', { timeout: 60_000 }, async () => {
    const r = await receiver();
    r.answers.push({ delayMs: 400 }, { delayMs: 400 }, { delayMs: 400 });
    await subscribe(`${r.url}/order`, product(3));
    await change(3, 301);
    await change(3, 302);
    await change(3, 303);
    await until('three deliveries', () => r.received.length === 3, { timeout: 45_000 });
    const versions = r.received.map((d) => JSON.parse(d.body).data.version as number);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(3);
    expect(r.maxInFlight).toBe(1);
  });

  it('a 410 disables; resume delivers the parked event, then new ones; a replay from a time re-delivers with the same ids', { timeout: 90_000 }, async () => {
    const r = await receiver();
    r.answers.push({ status: 410 });
    const before = new Date().toISOString();
    const { subscription } = await subscribe(`${r.url}/gone`, product(4));
    await change(4, 401);
    await until('the 410', () => r.received.length === 1, { timeout: 30_000 });
    await expect.poll(async () => (await listed(subscription.id)).status, { timeout: 15_000 }).toBe('DISABLED');
    const parked = r.received[0]!.headers['webhook-id'];

    // Disabled: a new change is not delivered (the wake passes it by), until resumed.
    await change(4, 402);
    expect((await ok(edge.graphql(RESUME, { id: subscription.id }, as(client)))).resumeWebhookSubscription.status).toBe('ACTIVE');
    await until('the parked event and the new one', () => r.received.length === 3, { timeout: 30_000 });
    expect(r.received[1]!.headers['webhook-id']).toBe(parked);
    expect(r.received[1]!.body).toBe(r.received[0]!.body);
    const second = r.received[2]!.headers['webhook-id'];
    expect(second).not.toBe(parked);
    expect(JSON.parse(r.received[2]!.body).data.version).toBeGreaterThan(JSON.parse(r.received[1]!.body).data.version);

    await ok(edge.graphql(REPLAY, { id: subscription.id, from: before }, as(client)));
    await until('the replay', () => r.received.length === 5, { timeout: 30_000 });
    expect(r.received.slice(3).map((d) => d.headers['webhook-id'])).toEqual([parked, second]);
  });

  it('after a rotation, deliveries carry two signatures, and the old and the new secret both verify them', { timeout: 60_000 }, async () => {
    const r = await receiver();
    const { secret: old, subscription } = await subscribe(`${r.url}/rotated`, product(5));
    const { secret } = (await ok(edge.graphql(ROTATE, { id: subscription.id }, as(client)))).rotateWebhookSecret;
    expect(secret).not.toBe(old);
    await change(5, 555);
    await until('a delivery', () => r.received.length === 1, { timeout: 30_000 });
    const [delivery] = r.received;
    expect(delivery!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    for (const key of [old, secret]) expect(() => new Webhook(key).verify(delivery!.body, delivery!.headers)).not.toThrow();
  });

  it('holds a filter: a JP-only subscription receives nothing of a Thai change', { timeout: 60_000 }, async () => {
    const [jp, th] = [await receiver(), await receiver()];
    const japan = await subscribe(`${jp.url}/jp`, { economies: ['JP'] });
    await subscribe(`${th.url}/th`, { economies: ['TH'], ...product(6) });
    await change(6, 666);
    await until('the Thai subscription got it', () => th.received.length === 1, { timeout: 30_000 });
    // The JP subscription was woken by the same harvest. Its cursor holds a position per economy and
    // reads only JP's, so nothing shows when its step finds nothing: a grace period for that step,
    // in which a Thai event would arrive as it arrived at the Thai receiver.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // JP events may reach it (the bundled Japanese catalogue's first harvest, when this test runs alone); no Thai one.
    const economies = jp.received.map((d) => JSON.parse(d.body).data.economy);
    expect(economies.filter((e) => e !== 'JP')).toEqual([]);
    const attempted = (await listed(japan.subscription.id)).deliveries.map((d: { eventId: string }) => d.eventId);
    const thai = th.received.map((d) => d.headers['webhook-id']);
    expect(attempted.filter((id: string) => thai.includes(id))).toEqual([]);
  });

  it("writes each subscription's product in its own currency and language", { timeout: 60_000 }, async () => {
    const r = await receiver();
    const shaped = async (path: string, currency: string, lang: string) =>
      ok(edge.graphql(SUBSCRIBE, { input: { url: `${r.url}${path}`, filter: product(6), currency, lang } }, as(client)));
    await shaped('/in-english', 'JPY', 'en-GB');
    await shaped('/in-thai', 'USD', 'th');
    await change(6, 6060);
    const to = (path: string) => r.received.find((d) => d.path === path);
    await until('both deliveries', () => Boolean(to('/in-english') && to('/in-thai')), { timeout: 30_000 });
    const english = JSON.parse(to('/in-english')!.body).data.product;
    const thai = JSON.parse(to('/in-thai')!.body).data.product;
    expect(english.name).toEqual({ en: 'Basket 6' });
    expect(thai.name).toEqual({ th: 'ตะกร้า 6' });
    expect(english.offers).toMatchObject({ price: '6060', priceCurrency: 'THB', priceSpecification: { priceCurrency: 'JPY' } });
    expect(thai.offers).toMatchObject({ price: '6060', priceCurrency: 'THB', priceSpecification: { priceCurrency: 'USD' } });
  });

  it('does not follow a redirect', { timeout: 60_000 }, async () => {
    const r = await receiver();
    r.answers.push({ status: 307, headers: { location: `${r.url}/elsewhere` } });
    const { subscription } = await subscribe(`${r.url}/moved`, product(7));
    await change(7, 777);
    await until('the attempt', () => r.received.length === 1, { timeout: 30_000 });
    await expect.poll(async () => (await listed(subscription.id)).deliveries[0]?.status, { timeout: 15_000 }).toBe(307);
    expect(r.received.map((d) => d.path)).toEqual(['/moved']);
    await expect.poll(async () => (await listed(subscription.id)).status, { timeout: 15_000 }).toBe('RETRYING');
    await ok(edge.graphql(DELETE, { id: subscription.id }, as(client)));
  });

  it("answers another client's reads and changes with FORBIDDEN, and lists it none of them", async () => {
    const r = await receiver();
    const { subscription } = await subscribe(`${r.url}/mine`, product(8));
    const other = as(otherClient);
    expect((await ok(edge.graphql(SUBSCRIPTION, { first: 5 }, other))).webhookSubscriptions).toEqual([]);
    for (const [query, variables] of [
      [UPDATE, { id: subscription.id, input: { url: `${r.url}/stolen` } }],
      [DELETE, { id: subscription.id }],
      [ROTATE, { id: subscription.id }],
      [REPLAY, { id: subscription.id, from: '2026-01-01T00:00:00Z' }],
      [RESUME, { id: subscription.id }],
    ] as const) {
      expect(codeOf(await edge.graphql(query, variables, other)), query).toBe('FORBIDDEN');
    }
    expect(await listed(subscription.id)).toMatchObject({ url: `${r.url}/mine`, status: 'ACTIVE' });
    // The operator sees every subscription, through the directory.
    const all = (await ok(edge.graphql(SUBSCRIPTION, { first: 1 }, as(ADMIN)))).webhookSubscriptions.map((s: any) => s.id);
    expect(all).toContain(subscription.id);
    // /metrics reads each subscription's lag through the directory and the objects.
    const metrics = await (await fetch(`${edge.url}/metrics`)).text();
    expect(metrics).toContain(`ovop_webhook_lag_seconds{subscription="${subscription.id}"} 0`);
  });
  it('keeps a retry across a restart of the runtime: the alarm and the pending body are on disk', { timeout: 120_000 }, async () => {
    const r = await receiver();
    r.answers.push({ status: 503 });
    const { subscription } = await subscribe(`${r.url}/restart`, product(9));
    await change(9, 999);
    await until('the first attempt', () => r.received.length === 1, { timeout: 30_000 });
    await expect.poll(async () => (await listed(subscription.id)).status, { timeout: 15_000 }).toBe('RETRYING');
    await edge.worker.stop();
    edge = await startEdge(
      { ALLOW_PRIVATE_UPSTREAMS: 'true', SECRETS_KEY, WEBHOOK_RETRY_SCHEDULE: SCHEDULE.map((ms) => `${ms}ms`).join(','), WEBHOOK_TIMEOUT_MS: '5000' },
      dir,
    );
    await until('the retry after the restart', () => r.received.length === 2, { timeout: 60_000 });
    expect(r.received[1]!.body).toBe(r.received[0]!.body);
    expect(r.received[1]!.headers['webhook-id']).toBe(r.received[0]!.headers['webhook-id']);
    await expect
      .poll(async () => (await listed(subscription.id)).deliveries.map((d: any) => [d.attempt, d.status]), { timeout: 15_000 })
      .toEqual([
        [2, 200],
        [1, 503],
      ]);
  });
});

describe('webhook URLs the Worker refuses', () => {
  it('refuses a private address unless ALLOW_PRIVATE_UPSTREAMS is set, storing nothing', { timeout: 120_000 }, async () => {
    const edge = await startEdge({});
    try {
      const client = (await ok(edge.graphql(CREATE_CLIENT, { n: 'prober' }, as(ADMIN)))).createClientKey.key;
      for (const url of [
        'http://127.0.0.1:9/hook',
        'https://127.0.0.1/hook',
        'https://10.1.2.3/hook',
        'https://[::1]/hook',
        'https://169.254.169.254/latest',
      ]) {
        expect(codeOf(await edge.graphql(SUBSCRIBE, { input: { url } }, as(client))), url).toBe('BAD_USER_INPUT');
      }
      expect((await ok(edge.graphql(SUBSCRIPTION, { first: 1 }, as(client)))).webhookSubscriptions).toEqual([]);
    } finally {
      await edge.worker.stop();
    }
  });
});
