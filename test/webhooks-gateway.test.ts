import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_dev } from 'wrangler';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { browserAvailable, launchBrowser } from './helpers/browser';
import { startGateway, type TestGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';
import { type Served, serveOnFreePort } from './helpers/serve';
import { until } from './helpers/until';
import { type Receiver, startReceiver } from './helpers/webhook-receiver';

/**
 * Webhooks wired into the gateway, over real HTTP (docs/contract.md, "Webhooks: pushed changes"):
 * a client key subscribes through GraphQL, a refresh that changes a product delivers a signed
 * CloudEvent to a receiver on loopback, and the subscription is its owner's alone.
 */

const ADMIN = 'operator-token-for-webhook-gateway-tests';
const SECRETS_KEY = 'jQM5/PgY6nYMDr5rZwk/xjnjCx3Q3PJN6zSIThkm6QI=';
const CONNECTOR = 'ph-hooks';
const PUBLIC = 'https://ovop.gateway.example';
const as = (key: string) => ({ authorization: `Bearer ${key}` });

const CREATE_CLIENT = 'mutation($n: String!) { createClientKey(name: $n, requestsPerSecond: 100) { key } }';
const CREATE_ECONOMY = 'mutation { createEconomyKey(economy: "PH") { key } }';
const REGISTER = 'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { id status productCount } } }';
const REFRESH = 'mutation($id: String!) { refreshConnector(id: $id) { status } }';
const SUBSCRIBE = /* GraphQL */ `
  mutation($input: WebhookSubscriptionInput!) {
    createWebhookSubscription(input: $input) { secret subscription { id url status filter cursor lag } }
  }
`;
const LIST = '{ webhookSubscriptions { id url status lag failingSince deliveries(first: 5) { eventId attempt at status durationMs error } } }';
const UPDATE = 'mutation($id: ID!, $input: WebhookSubscriptionInput!) { updateWebhookSubscription(id: $id, input: $input) { id } }';
const DELETE = 'mutation($id: ID!) { deleteWebhookSubscription(id: $id) }';
const ROTATE = 'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }';
const REPLAY = 'mutation($id: ID!, $from: String!) { replayWebhookSubscription(id: $id, from: $from) { id } }';
const RESUME = 'mutation($id: ID!) { resumeWebhookSubscription(id: $id) { id } }';

interface Catalogue extends Served {
  items: Array<Record<string, unknown>>;
}

const item = (n: number, price = 100 + n) => ({
  sku: `HOOK-${n}`,
  name_en: `Basket ${n}`,
  name_fil: `Bayong ${n}`,
  category: 'Pagkain',
  price: `₱${price}.00`,
  maker: { name: 'Mandaue Weavers Cooperative', province: 'Cebu' },
  region: 'Central Visayas',
  photos: [`https://samples.ovop.example/img/hooks/${n}.jpg`],
});

/** A JSON catalogue the test edits between refreshes. */
async function startCatalogue(): Promise<Catalogue> {
  const state = { items: [item(1), item(2), item(3)] };
  const served = await serveOnFreePort(new Hono().get('/items', (c) => c.json({ items: state.items })).fetch);
  return Object.assign(state, served);
}

const manifest = (base: string) => ({
  id: CONNECTOR,
  economy: 'PH',
  programme: 'OTOP',
  name: 'Philippines OTOP (webhook test)',
  source: { url: `${base}/items`, format: 'json', items: 'items' },
  defaults: { currency: 'PHP', language: 'fil' },
  mapping: {
    localId: 'sku',
    name: { fil: 'name_fil', en: 'name_en' },
    category: 'category',
    price: 'price',
    'producer.name': 'maker.name',
    'producer.region': 'maker.province',
    'origin.region': 'region',
    images: 'photos',
  },
});

async function ok<T = any>(result: Promise<{ data?: any; errors?: any[] }>): Promise<T> {
  const { data, errors } = await result;
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  return data as T;
}

const codeOf = (result: { errors?: any[] }) => result.errors?.[0]?.extensions?.code;

/** A gateway with a registered catalogue, two client keys and its dispatcher running (as `npm start` runs it). */
async function setUp(env: Record<string, string> = {}, extra: Parameters<typeof startGateway>[1] = {}) {
  const catalogue = await startCatalogue();
  const gateway = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true', ...env }, extra);
  gateway.gateway.webhooks.dispatcher.start();
  const clientA = (await ok(gateway.graphql(CREATE_CLIENT, { n: 'marketplace A' }, as(ADMIN)))).createClientKey.key as string;
  const clientB = (await ok(gateway.graphql(CREATE_CLIENT, { n: 'marketplace B' }, as(ADMIN)))).createClientKey.key as string;
  const economy = (await ok(gateway.graphql(CREATE_ECONOMY, {}, as(ADMIN)))).createEconomyKey.key as string;
  const registered = await ok(gateway.graphql(REGISTER, { m: manifest(catalogue.url) }, as(economy)));
  expect(registered.registerConnector.connector).toMatchObject({ status: 'UP', productCount: 3 });
  const refresh = async () => expect((await ok(gateway.graphql(REFRESH, { id: CONNECTOR }, as(economy)))).refreshConnector.status).toBe('UP');
  const close = async () => {
    await gateway.gateway.webhooks.dispatcher.stop();
    await gateway.close();
    await catalogue.close();
  };
  return { catalogue, gateway, clientA, clientB, refresh, close };
}

describe('webhooks on one gateway', () => {
  let receiver: Receiver;
  let env: Awaited<ReturnType<typeof setUp>>;
  let gateway: TestGateway;
  let id: string;
  let secret: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    env = await setUp({ PUBLIC_URL: PUBLIC });
    gateway = env.gateway;
  });
  afterAll(async () => {
    await env.close();
    await receiver.close();
  });

  it('refuses an anonymous caller, and a token that is no client key, with UNAUTHENTICATED', async () => {
    const input = { url: `${receiver.url}/hook` };
    expect(codeOf(await gateway.graphql(SUBSCRIBE, { input }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gateway.graphql(LIST))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gateway.graphql(SUBSCRIBE, { input }, as('ovop_client_not-a-key-this-gateway-issued')))).toBe('UNAUTHENTICATED');
  });

  it('subscribes with a client key at the head, and a changed product arrives signed', { timeout: 20_000 }, async () => {
    const input = { url: `${receiver.url}/hook`, filter: { connectors: [CONNECTOR] }, currency: 'EUR' };
    const created = (await ok(gateway.graphql(SUBSCRIBE, { input }, as(env.clientA)))).createWebhookSubscription;
    ({ secret } = created);
    id = created.subscription.id;
    expect(secret).toMatch(/^whsec_/);
    expect(created.subscription).toMatchObject({ url: `${receiver.url}/hook`, status: 'ACTIVE', filter: { connectors: [CONNECTOR] }, lag: 0 });

    env.catalogue.items[1] = item(2, 250);
    await env.refresh();
    await until('the receiver got a delivery', () => receiver.received.length > 0);

    const [delivery] = receiver.received;
    expect(delivery!.path).toBe('/hook');
    expect(delivery!.headers['content-type']).toBe('application/cloudevents+json');
    // Standard Webhooks' own verifier accepts it; a tampered body it refuses.
    const event = new Webhook(secret).verify(delivery!.body, delivery!.headers) as any;
    expect(() => new Webhook(secret).verify(delivery!.body.replace('250', '251'), delivery!.headers)).toThrow();
    expect(delivery!.headers['webhook-id']).toBe(event.id);
    expect(event).toMatchObject({ specversion: '1.0', data: { productId: `${CONNECTOR}:HOOK-2` } });
    // Only the changed product: the subscription started at the head, after the registration's CREATED events.
    expect(event.type).toMatch(/updated/i);
    const product = event.data.product;
    expect(product.identifier).toBe(`${CONNECTOR}:HOOK-2`);
    // The document /changes would show: written with the public origin, not the receiver's view of the gateway.
    expect(product.id).toBe(`${PUBLIC}/products/${encodeURIComponent(`${CONNECTOR}:HOOK-2`)}`);
    expect(JSON.stringify(product.offers)).toContain('EUR');
    expect(receiver.received).toHaveLength(1);
  });

  it('shows the owner its subscription with the delivery, and /metrics counts it', async () => {
    await until('the delivery is recorded', async () => (await ok(gateway.graphql(LIST, {}, as(env.clientA)))).webhookSubscriptions[0]?.deliveries.length > 0);
    const [listed] = (await ok(gateway.graphql(LIST, {}, as(env.clientA)))).webhookSubscriptions;
    expect(listed).toMatchObject({ id, status: 'ACTIVE', lag: 0, failingSince: null });
    expect(listed.deliveries[0]).toMatchObject({ eventId: receiver.received[0]!.headers['webhook-id'], attempt: 1, status: 200, error: null });
    // The operator sees every subscription.
    expect((await ok(gateway.graphql(LIST, {}, as(ADMIN)))).webhookSubscriptions.map((s: any) => s.id)).toContain(id);

    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/^ovop_webhook_deliveries_total\{outcome="success"\} 1$/m);
    expect(metrics).toContain(`ovop_webhook_lag_seconds{subscription="${id}"} 0`);
  });

  it("answers another client's reads and changes with FORBIDDEN, and shows it none", async () => {
    const other = as(env.clientB);
    expect((await ok(gateway.graphql(LIST, {}, other))).webhookSubscriptions).toEqual([]);
    const input = { url: `${receiver.url}/stolen` };
    for (const [query, variables] of [
      [UPDATE, { id, input }],
      [DELETE, { id }],
      [ROTATE, { id }],
      [REPLAY, { id, from: '2026-01-01T00:00:00Z' }],
      [RESUME, { id }],
    ] as const) {
      expect(codeOf(await gateway.graphql(query, variables, other)), query).toBe('FORBIDDEN');
    }
    // Nothing changed: still the owner's, at its URL.
    const [listed] = (await ok(gateway.graphql(LIST, {}, as(env.clientA)))).webhookSubscriptions;
    expect(listed).toMatchObject({ id, url: `${receiver.url}/hook` });
  });

  it('lists the subscription on the /webhooks page for its key alone', async () => {
    const post = (key: string, headers: Record<string, string> = {}) =>
      fetch(`${gateway.url}/webhooks?lang=ja`, { method: 'POST', headers, body: new URLSearchParams({ key, list: '1' }) });
    const form = await fetch(`${gateway.url}/webhooks`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="key"');

    const mine = await post(env.clientA);
    expect(mine.status).toBe(200);
    const html = await mine.text();
    expect(html).toContain(`data-subscription="${id}"`);
    expect(html).toContain(`${receiver.url}/hook`);
    expect(html).toContain('data-status="ACTIVE"');
    expect(html).toContain(`data-event="${receiver.received[0]!.headers['webhook-id']}"`);
    expect(html).toContain('最近の配信');
    expect(html).not.toContain(env.clientA);

    const theirs = await post(env.clientB);
    expect(theirs.status).toBe(200);
    expect(await theirs.text()).not.toContain(id);
    const unknown = await post('ovop_client_not-a-key-this-gateway-issued');
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('data-code="UNAUTHENTICATED"');
    // A cross-site form post is refused before the key is looked at.
    const crossSite = await post(env.clientA, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).not.toContain(id);
  });

  it.skipIf(!browserAvailable())("lists it in Chromium, in the visitor's language, after the key is typed into the form", { timeout: 60_000 }, async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.browser.newContext({ locale: 'th-TH' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${gateway.url}/webhooks`);
      expect(await page.locator('h1').innerText()).toBe('การสมัครรับ Webhook ของคุณ');
      await page.fill('input[name=key]', env.clientA);
      await page.click('button[name=list]');
      await page.waitForSelector('#subscriptions');
      const article = page.locator(`article[data-subscription="${id}"]`);
      expect(await article.locator('dd[data-status]').innerText()).toBe('ACTIVE');
      expect(await article.locator('tr.delivery').count()).toBeGreaterThan(0);
      expect(await article.locator('tr.delivery td[data-status]').first().innerText()).toBe('200');
      // The key went in the body of a same-origin POST: not into the address, not back into the page.
      expect(page.url()).not.toContain(env.clientA);
      expect(await page.content()).not.toContain(env.clientA);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("writes each subscription's product in its own currency and language", { timeout: 20_000 }, async () => {
    const subscribe = async (path: string, currency: string, lang: string) =>
      (await ok(gateway.graphql(SUBSCRIBE, { input: { url: `${receiver.url}${path}`, filter: { connectors: [CONNECTOR] }, currency, lang } }, as(env.clientB))))
        .createWebhookSubscription.subscription.id as string;
    await subscribe('/in-english', 'JPY', 'en-GB');
    await subscribe('/in-filipino', 'USD', 'fil');
    env.catalogue.items[2] = item(3, 333);
    await env.refresh();
    const to = (path: string) => receiver.received.find((d) => d.path === path);
    await until('both deliveries', () => Boolean(to('/in-english') && to('/in-filipino')));
    const english = JSON.parse(to('/in-english')!.body).data.product;
    const filipino = JSON.parse(to('/in-filipino')!.body).data.product;
    expect(english.name).toEqual({ en: 'Basket 3' });
    expect(filipino.name).toEqual({ fil: 'Bayong 3' });
    expect(english.offers).toMatchObject({ price: '333', priceCurrency: 'PHP', priceSpecification: { priceCurrency: 'JPY' } });
    expect(filipino.offers).toMatchObject({ price: '333', priceCurrency: 'PHP', priceSpecification: { priceCurrency: 'USD' } });
  });
});

describe('webhook URLs a gateway refuses', () => {
  it('refuses loopback, private and plain-http receivers unless ALLOW_PRIVATE_UPSTREAMS is set, storing nothing', async () => {
    const gateway = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN });
    try {
      const client = (await ok(gateway.graphql(CREATE_CLIENT, { n: 'prober' }, as(ADMIN)))).createClientKey.key;
      for (const url of [
        'http://127.0.0.1:9/hook',
        'https://127.0.0.1/hook',
        'https://10.1.2.3/hook',
        'https://[::1]/hook',
        'https://169.254.169.254/latest',
      ]) {
        const refused = await gateway.graphql(SUBSCRIBE, { input: { url } }, as(client));
        expect(codeOf(refused), url).toBe('BAD_USER_INPUT');
      }
      expect((await ok(gateway.graphql(LIST, {}, as(client)))).webhookSubscriptions).toEqual([]);
    } finally {
      await gateway.close();
    }
  });
});

describe('webhooks on Redis', async () => {
  const redis = await resolveRedis();
  afterAll(() => redis.stop?.());

  it.skipIf(!redis.url)('keeps the signing secret sealed under SECRETS_KEY, and still signs with it', { timeout: 30_000 }, async () => {
    const prefix = uniquePrefix();
    const stores = await connectRedisStores(redis.url!, prefix);
    const receiver = await startReceiver();
    const admin = new Redis(redis.url!);
    const env = await setUp(
      { SECRETS_KEY },
      {
        stores: {
          cache: stores.cache,
          registry: stores.registry,
          changes: stores.changeLog(),
          webhooks: stores.webhookStore,
        },
      },
    );
    try {
      const input = { url: `${receiver.url}/hook`, filter: { connectors: [CONNECTOR] } };
      const { secret } = (await ok(env.gateway.graphql(SUBSCRIBE, { input }, as(env.clientA)))).createWebhookSubscription;

      // Every value under the prefix, whatever its type: the secret (nor its key material) is in none.
      const held: string[] = [];
      for (const key of await admin.keys(`*${prefix}*`)) {
        const type = await admin.type(key);
        if (type === 'string') held.push((await admin.get(key)) ?? '');
        else if (type === 'hash') held.push(JSON.stringify(await admin.hgetall(key)));
        else if (type === 'set') held.push(...(await admin.smembers(key)));
        else if (type === 'zset') held.push(...(await admin.zrange(key, '0', '-1')));
        else if (type === 'list') held.push(...(await admin.lrange(key, 0, -1)));
      }
      const everything = held.join('\n');
      expect(everything).toContain(input.url);
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(secret.slice('whsec_'.length));

      env.catalogue.items[0] = item(1, 777);
      await env.refresh();
      await until('the receiver got a delivery', () => receiver.received.length > 0);
      expect(() => new Webhook(secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers)).not.toThrow();
    } finally {
      await env.close();
      await receiver.close();
      await admin.quit();
      await stores.close();
    }
  });
});

describe('webhooks on Workers (workerd)', () => {
  it("the repo's wrangler.toml: a refresh's change is delivered, signed, by the subscription's alarm, no Cron", { timeout: 120_000 }, async () => {
    process.env.WRANGLER_SEND_METRICS = 'false';
    const [catalogue, receiver] = await Promise.all([startCatalogue(), startReceiver()]);
    const worker = await unstable_dev('gateway/runtime/workers/worker.ts', {
      config: 'wrangler.toml',
      ip: '127.0.0.1',
      port: 0,
      inspectorPort: 0,
      persist: false,
      logLevel: 'error',
      vars: { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' },
      experimental: { disableExperimentalWarning: true },
    });
    const url = `http://127.0.0.1:${worker.port}`;
    const graphql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
      (
        await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, variables }),
        })
      ).json() as Promise<{
        data?: any;
        errors?: any[];
      }>;
    try {
      const client = (await ok(graphql(CREATE_CLIENT, { n: 'edge marketplace' }, as(ADMIN)))).createClientKey.key;
      const economy = (await ok(graphql(CREATE_ECONOMY, {}, as(ADMIN)))).createEconomyKey.key;
      await ok(graphql(REGISTER, { m: manifest(catalogue.url) }, as(economy)));
      const input = { url: `${receiver.url}/edge`, filter: { connectors: [CONNECTOR] } };
      const { secret } = (await ok(graphql(SUBSCRIBE, { input }, as(client)))).createWebhookSubscription;

      catalogue.items[2] = item(3, 333);
      await ok(graphql(REFRESH, { id: CONNECTOR }, as(economy)));
      // The harvest's append woke the directory, which woke the subscription's object: its alarm delivers.
      await until('the alarm delivered', () => receiver.received.length > 0, { timeout: 60_000 });
      const [delivery] = receiver.received;
      const event = new Webhook(secret).verify(delivery!.body, delivery!.headers) as any;
      expect(event.data.productId).toBe(`${CONNECTOR}:HOOK-3`);
    } finally {
      await worker.stop();
      await Promise.all([catalogue.close(), receiver.close()]);
    }
  });
});
