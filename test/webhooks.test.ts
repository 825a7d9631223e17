import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeLog } from '../gateway/changes/change-log';
import type { ProductChange } from '../gateway/changes/event';
import { eventId } from '../gateway/changes/event-id';
import { createMemoryChangeLog } from '../gateway/changes/memory-change-log';
import { createNodeConnect } from '../gateway/runtime/node/connect';
import { createDeliverer } from '../gateway/webhooks/deliverer';
import { createDispatcher } from '../gateway/webhooks/dispatcher';
import { createMemoryWebhookStore } from '../gateway/webhooks/memory-store';
import { parseRetrySchedule } from '../gateway/webhooks/schedule';
import { createWebhookSender } from '../gateway/webhooks/send';
import type { WebhookStore } from '../gateway/webhooks/store';
import { createWebhookSubscriptions } from '../gateway/webhooks/subscriptions';
import { until } from './helpers/until';
import { type Receiver, startReceiver } from './helpers/webhook-receiver';

const OWNER = 'a'.repeat(64);
const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** Writes the next version of a product into the log, as a harvest would. */
function writer(log: ChangeLog) {
  const versions = new Map<string, number>();
  return async (productId: string, economy = 'JP', occurredAt = new Date().toISOString()): Promise<ProductChange> => {
    const base = versions.get(productId) ?? 0;
    const version = base + 1;
    versions.set(productId, version);
    const connector = productId.split(':')[0]!;
    const type = base === 0 ? 'CREATED' : 'UPDATED';
    const event: ProductChange = {
      id: await eventId({ productId, type, version, before: `h${base}`, after: `h${version}` }),
      type,
      occurredAt,
      productId,
      economy,
      connector,
      version,
      aspects: ['PRICE'],
      changes: [{ path: 'price.amount', before: String(base), after: String(version) }],
      compliance: null,
      category: 'FOOD',
      certifications: [],
    };
    await log.append({
      connector,
      economy,
      commits: [{ productId, baseVersion: base, events: [event], row: { productId, version, hash: `h${version}`, fields: {} } }],
    });
    return event;
  };
}

/** The gateway's webhook parts over a memory log and store, sending over real HTTP through the upstream pipeline. */
async function setup(options: { allowPrivate?: boolean; schedule?: string; timeoutMs?: number; store?: WebhookStore; log?: ChangeLog } = {}) {
  const time = { now: Date.now() };
  const clock = () => time.now;
  const log = options.log ?? createMemoryChangeLog();
  const store = options.store ?? createMemoryWebhookStore();
  const guard = { allowPrivate: options.allowPrivate ?? true };
  const send = createWebhookSender({ guard, connect: createNodeConnect(), timeoutMs: options.timeoutMs ?? 5000 });
  const product = async (productId: string, view: { currency: string | null; lang: string | null }) => ({
    '@id': `https://ovop.example/products/${productId}`,
    ...view,
  });
  const outcomes: string[] = [];
  const deliver = createDeliverer({
    store,
    log,
    send,
    product,
    schedule: parseRetrySchedule(options.schedule ?? '5s,5m,30m'),
    ratePerSecond: 1000,
    clock,
    random: () => 0.5,
    onAttempt: (outcome) => void outcomes.push(outcome),
  });
  const subscriptions = createWebhookSubscriptions({ store, log, guard, clock });
  const receiver = await startReceiver();
  receivers.push(receiver);
  /** Steps a subscription until it is caught up (or stops), answering its outcomes. */
  const drain = async (id: string) => {
    const seen: string[] = [];
    for (let i = 0; i < 50; i++) {
      const outcome = await deliver(id);
      seen.push(outcome);
      if (outcome !== 'delivered') return seen;
    }
    throw new Error('never caught up');
  };
  return { time, log, store, send, deliver, subscriptions, receiver, write: writer(log), drain, outcomes };
}

const ids = (r: Receiver) => r.received.map((d) => d.headers['webhook-id']);
const verify = (secret: string, d: { body: string; headers: Record<string, string> }) => new Webhook(secret).verify(d.body, d.headers);

describe('webhook deliveries over real HTTP', () => {
  it('signs each delivery with Standard Webhooks headers over the CloudEvent, in the subscription currency and language', async () => {
    const { subscriptions, receiver, write, drain } = await setup();
    const { subscription, secret } = await subscriptions.create(OWNER, { url: `${receiver.url}/hooks`, currency: 'usd', lang: 'EN-gb' });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const event = await write('jp-ovop:P-1');
    expect(await drain(subscription.id)).toEqual(['delivered', 'idle']);
    const [delivery] = receiver.received;
    expect(delivery!.headers['content-type']).toBe('application/cloudevents+json');
    expect(delivery!.headers['webhook-id']).toBe(event.id);
    expect(delivery!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const body = verify(secret, delivery!) as Record<string, any>;
    expect(body).toMatchObject({ specversion: '1.0', id: event.id, type: 'ovop.product.created', source: '/connectors/jp-ovop', subject: 'jp-ovop:P-1' });
    expect(body.data.product).toEqual({ '@id': 'https://ovop.example/products/jp-ovop:P-1', currency: 'USD', lang: 'en-GB' });
    // One byte changed, and the signature no longer holds.
    const altered = delivery!.body.replace('"1.0"', '"1.1"');
    expect(() => verify(secret, { ...delivery!, body: altered })).toThrow(/signature/i);
    expect(() => verify(`whsec_${btoa('another secret of 32 bytes......')}`, delivery!)).toThrow(/signature/i);
  });

  it('retries 500, 500, 429 with Retry-After, then 200: four attempts, one body and webhook-id, at the scheduled gaps', async () => {
    const { time, subscriptions, store, receiver, write, deliver } = await setup({ schedule: '5s,5m,30m' });
    const { subscription, secret } = await subscriptions.create(OWNER, { url: receiver.url });
    const event = await write('jp-ovop:P-1');
    receiver.answers.push({ status: 500 }, { status: 500 }, { status: 429, headers: { 'retry-after': '120' } }, { status: 200 });
    const gaps: number[] = [];
    expect(await deliver(subscription.id)).toBe('retrying');
    for (;;) {
      const s = (await store.get(subscription.id))!;
      if (s.status !== 'RETRYING') break;
      expect(s.failingSince).not.toBeNull();
      gaps.push(s.nextAttemptAt! - time.now);
      time.now = s.nextAttemptAt!;
      // Not due a moment before its time, due at it.
      expect(await store.claim({ now: time.now - 1, limit: 10, holder: 't', leaseMs: 1 })).toEqual([]);
      await deliver(subscription.id);
    }
    expect(gaps).toEqual([5_000, 300_000, 120_000]);
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((d) => d.body)).size).toBe(1);
    expect(new Set(ids(receiver))).toEqual(new Set([event.id]));
    for (const d of receiver.received) {
      const at = new Date(Number(d.headers['webhook-timestamp']) * 1000);
      expect(d.headers['webhook-signature']).toBe(new Webhook(secret).sign(event.id, at, d.body));
    }
    const attempts = await subscriptions.deliveries(OWNER, subscription.id, 20);
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [4, 200],
      [3, 429],
      [2, 500],
      [1, 500],
    ]);
    expect(attempts[1]!.error).toBe('the receiver answered HTTP 429');
    expect(await store.get(subscription.id)).toMatchObject({ status: 'ACTIVE', failingSince: null, nextAttemptAt: null });
  });

  it('disables the subscription when the schedule runs out, with its cursor parked', async () => {
    const { time, subscriptions, store, receiver, write, deliver } = await setup({ schedule: '5s' });
    const { subscription } = await subscriptions.create(OWNER, { url: receiver.url });
    await write('jp-ovop:P-1');
    receiver.answers.push({ status: 503 }, { status: 503 });
    expect(await deliver(subscription.id)).toBe('retrying');
    time.now = (await store.get(subscription.id))!.nextAttemptAt!;
    expect(await deliver(subscription.id)).toBe('disabled');
    expect(await store.get(subscription.id)).toMatchObject({ status: 'DISABLED', cursor: subscription.cursor });
    expect(await store.claim({ now: time.now + 1e9, limit: 10, holder: 't', leaseMs: 1000 })).toEqual([]);
  });

  it('a 410 disables at once; resume delivers the parked event, then the new ones; a replay from a time re-delivers with the same ids', async () => {
    const { time, subscriptions, store, receiver, write, drain } = await setup();
    const { subscription } = await subscriptions.create(OWNER, { url: receiver.url });
    const t0 = new Date(time.now).toISOString();
    const first = await write('jp-ovop:P-1', 'JP', t0);
    receiver.answers.push({ status: 410 });
    expect(await drain(subscription.id)).toEqual(['disabled']);
    expect(await store.get(subscription.id)).toMatchObject({ status: 'DISABLED', cursor: subscription.cursor });
    const second = await write('jp-ovop:P-1', 'JP', new Date(time.now + 1000).toISOString());
    const third = await write('jp-ovop:P-2', 'JP', new Date(time.now + 2000).toISOString());
    expect(await drain(subscription.id)).toEqual(['skipped']);
    expect((await subscriptions.resume(OWNER, subscription.id)).status).toBe('ACTIVE');
    // One step resends the parked event and goes on with the new ones, one at a time.
    expect(await drain(subscription.id)).toEqual(['delivered', 'idle']);
    expect(ids(receiver)).toEqual([first.id, first.id, second.id, third.id]);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);

    await subscriptions.replay(OWNER, subscription.id, new Date(time.now + 1000).toISOString());
    expect(await drain(subscription.id)).toEqual(['delivered', 'idle']);
    expect(ids(receiver).slice(4)).toEqual([second.id, third.id]);
    await subscriptions.replay(OWNER, subscription.id, subscription.cursor);
    expect(await drain(subscription.id)).toEqual(['delivered', 'idle']);
    expect(ids(receiver).slice(6)).toEqual([first.id, second.id, third.id]);
    await expect(subscriptions.replay(OWNER, subscription.id, 'c1.not-a-cursor!')).rejects.toThrow(/cursor/);
  });

  it('after a rotation, signs with the old and the new secret, each of which verifies', async () => {
    const { subscriptions, receiver, write, drain } = await setup();
    const { subscription, secret: old } = await subscriptions.create(OWNER, { url: receiver.url });
    const { secret: fresh } = await subscriptions.rotate(OWNER, subscription.id);
    expect(fresh).not.toBe(old);
    await write('jp-ovop:P-1');
    await drain(subscription.id);
    const [delivery] = receiver.received;
    expect(delivery!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(old, delivery!)).toMatchObject({ subject: 'jp-ovop:P-1' });
    expect(verify(fresh, delivery!)).toMatchObject({ subject: 'jp-ovop:P-1' });
  });

  it('the old secret stops signing 24 h after a rotation', async () => {
    const { time, subscriptions, receiver, write, drain } = await setup();
    const { subscription, secret: old } = await subscriptions.create(OWNER, { url: receiver.url });
    await subscriptions.rotate(OWNER, subscription.id);
    time.now += 24 * 3600_000;
    await write('jp-ovop:P-1');
    await drain(subscription.id);
    const d = receiver.received[0]!;
    expect(d.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    const at = new Date(Number(d.headers['webhook-timestamp']) * 1000);
    expect(d.headers['webhook-signature']).not.toBe(new Webhook(old).sign(d.headers['webhook-id']!, at, d.body));
  });

  it('a JP-only filter receives nothing from TH', async () => {
    const { subscriptions, receiver, write, drain } = await setup();
    const { subscription } = await subscriptions.create(OWNER, { url: receiver.url, filter: { economies: ['jp'] } });
    await write('th-otop:T-1', 'TH');
    await write('th-otop:T-2', 'TH');
    const jp = await write('jp-ovop:P-1', 'JP');
    await write('th-otop:T-1', 'TH');
    await drain(subscription.id);
    expect(ids(receiver)).toEqual([jp.id]);
  });

  it('does not follow a redirect: the 3xx is a failed attempt', async () => {
    const { subscriptions, store, receiver, write, deliver } = await setup();
    const { subscription } = await subscriptions.create(OWNER, { url: `${receiver.url}/hooks` });
    await write('jp-ovop:P-1');
    receiver.answers.push({ status: 307, headers: { location: `${receiver.url}/elsewhere` } });
    expect(await deliver(subscription.id)).toBe('retrying');
    expect(receiver.received.map((d) => d.path)).toEqual(['/hooks']);
    expect((await store.attempts(subscription.id, 1))[0]).toMatchObject({ status: 307, error: 'the receiver answered HTTP 307' });
  });

  it('refuses a private address unless private upstreams are allowed, at subscription and at delivery', async () => {
    const closed = await setup({ allowPrivate: false });
    await expect(closed.subscriptions.create(OWNER, { url: closed.receiver.url })).rejects.toThrow(/https/);
    await expect(closed.subscriptions.create(OWNER, { url: 'https://127.0.0.1/hooks' })).rejects.toThrow(/refused webhook URL: address not allowed/);
    await expect(closed.subscriptions.create(OWNER, { url: 'https://169.254.169.254/latest' })).rejects.toThrow(/address not allowed/);
    // A subscription made while allowed, delivered through a guard that refuses: nothing is sent.
    const open = await setup({ allowPrivate: true, store: closed.store, log: closed.log });
    const { subscription } = await open.subscriptions.create(OWNER, { url: closed.receiver.url });
    await closed.write('jp-ovop:P-1');
    expect(await closed.deliver(subscription.id)).toBe('retrying');
    expect(closed.receiver.received).toEqual([]);
    expect((await closed.store.attempts(subscription.id, 1))[0]).toMatchObject({
      status: null,
      error: expect.stringMatching(/refused upstream URL: address not allowed/),
    });
  });

  it('a receiver that never answers costs one timeout; one with an endless 200 body is read only so far', async () => {
    const { subscriptions, store, receiver, write, deliver } = await setup({ timeoutMs: 300 });
    const { subscription } = await subscriptions.create(OWNER, { url: receiver.url });
    await write('jp-ovop:P-1');
    receiver.answers.push({ hang: true });
    expect(await deliver(subscription.id)).toBe('retrying');
    expect((await store.attempts(subscription.id, 1))[0]).toMatchObject({ status: null, error: 'timed out after 300 ms' });
    receiver.answers.push({ endless: true });
    await subscriptions.resume(OWNER, subscription.id);
    await store.schedule(subscription.id, 0);
    expect(await deliver(subscription.id)).toBe('delivered');
  });

  it('only the owner (or the operator) sees and changes a subscription', async () => {
    const { subscriptions, receiver } = await setup();
    const { subscription } = await subscriptions.create(OWNER, { url: receiver.url });
    const other = 'b'.repeat(64);
    expect(await subscriptions.list(other)).toEqual([]);
    expect((await subscriptions.list('operator')).map((s) => s.id)).toEqual([subscription.id]);
    await expect(subscriptions.rotate(other, subscription.id)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(subscriptions.delete(other, subscription.id)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    await expect(subscriptions.get(OWNER, 'wh_nope')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await subscriptions.delete('operator', subscription.id)).toBe(true);
  });
});

describe('the dispatcher over real HTTP', () => {
  it('delivers three changes to one product in version order, never two at once, with two dispatchers on one store', async () => {
    const { store, deliver, subscriptions, receiver, write } = await setup();
    const { subscription } = await subscriptions.create(OWNER, { url: receiver.url });
    const dispatchers = [1, 2].map(() => createDispatcher({ store, deliver, concurrency: 8, pollMs: 20 }));
    for (const d of dispatchers) d.start();
    try {
      for (let i = 0; i < 3; i++) receiver.answers.push({ delayMs: 40 });
      await write('jp-ovop:P-1');
      await write('jp-ovop:P-1');
      await write('jp-ovop:P-1');
      for (const d of dispatchers) d.notify();
      await until('three deliveries', () => receiver.received.length >= 3);
      const versions = receiver.received.map((d) => (JSON.parse(d.body) as { data: { version: number } }).data.version);
      expect(versions).toEqual([1, 2, 3]);
      expect(receiver.maxInFlight).toBe(1);
      expect((await subscriptions.get(OWNER, subscription.id)).status).toBe('ACTIVE');
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
    }
  });
});
