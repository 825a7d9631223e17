import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../gateway/auth/secrets';
import type { ChangeLog } from '../gateway/changes/change-log';
import { appendChange } from './helpers/changes';
import { createMemoryChangeLog } from '../gateway/changes/memory-change-log';
import { createNodeConnect } from '../gateway/runtime/node/connect';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { createRedisWebhookStore } from '../gateway/runtime/node/redis-webhook-store';
import { createDeliverer, type Deliverer } from '../gateway/webhooks/deliverer';
import { createDispatcher } from '../gateway/webhooks/dispatcher';
import { parseRetrySchedule } from '../gateway/webhooks/schedule';
import { createWebhookSender } from '../gateway/webhooks/send';
import { webhookStoreContract } from '../gateway/webhooks/store.contract';
import { createWebhookSubscriptions } from '../gateway/webhooks/subscriptions';
import { resolveRedis, uniquePrefix } from './helpers/redis';
import { until } from './helpers/until';
import { startReceiver } from './helpers/webhook-receiver';

const redis = await resolveRedis();
const clients: Redis[] = [];
const prefixes: string[] = [];

async function connect(): Promise<Redis> {
  const client = new Redis(redis.url!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  clients.push(client);
  return client;
}

/** Every key of a prefix with its value, as someone reading Redis would see it. */
async function dump(prefix: string): Promise<string> {
  const admin = await connect();
  const lines: string[] = [];
  for (const k of await admin.keys(`{${prefix}webhooks}*`)) {
    const type = await admin.type(k);
    const value =
      type === 'string'
        ? await admin.get(k)
        : type === 'list'
          ? await admin.lrange(k, 0, -1)
          : type === 'hash'
            ? await admin.hgetall(k)
            : type === 'set'
              ? await admin.smembers(k)
              : await admin.zrange(k, '0', '-1', 'WITHSCORES');
    lines.push(`${k} ${JSON.stringify(value)}`);
  }
  return lines.join('\n');
}

afterAll(async () => {
  const admin = await connect();
  for (const prefix of prefixes) {
    const keys = await admin.keys(`{${prefix}*`);
    if (keys.length) await admin.del(...keys);
  }
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  await redis.stop?.();
});

describe.skipIf(!redis.url)('the Redis webhook store: the contract', () => {
  webhookStoreContract(async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    return {
      // Each client is its own ioredis connection on the same keys, as two instances would be.
      open: async ({ secrets }) => createRedisWebhookStore({ redis: await connect(), prefix, secrets }),
      dump: () => dump(prefix),
    };
  });
});

/** Writes `n` events of distinct JP products into the log. */
async function writeEvents(log: ChangeLog, n: number, from = 0) {
  for (let i = from; i < from + n; i++) await appendChange(log, { productId: `jp-ovop:P-${i}`, occurredAt: new Date().toISOString() });
}

describe.skipIf(!redis.url)('two gateway instances delivering from one Redis', () => {
  /** One instance: its own Redis connection, store, deliverer; the log is shared (it is not what is tested here). */
  const instance = async (prefix: string, log: ChangeLog) => {
    const store = createRedisWebhookStore({ redis: await connect(), prefix, secrets: new SecretBox(btoa('k'.repeat(32))) });
    const send = createWebhookSender({ guard: { allowPrivate: true }, connect: createNodeConnect(), timeoutMs: 5000 });
    const deliver = createDeliverer({ store, log, send, product: async () => ({}), schedule: parseRetrySchedule('5s'), ratePerSecond: 1000 });
    return { store, deliver };
  };

  it('delivers each event to each subscription once, whichever instance claims it', async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const log = createMemoryChangeLog();
    const receiver = await startReceiver();
    const [a, b] = [await instance(prefix, log), await instance(prefix, log)];
    const subscriptions = createWebhookSubscriptions({ store: a!.store, log, guard: { allowPrivate: true } });
    for (let i = 0; i < 3; i++) await subscriptions.create('operator', { url: `${receiver.url}/s${i}` });
    const dispatchers = [a!, b!].map(({ store, deliver }) => createDispatcher({ store, deliver, concurrency: 4, pollMs: 20 }));
    for (const d of dispatchers) d.start();
    try {
      await writeEvents(log, 10);
      for (const d of dispatchers) d.notify();
      await until('30 deliveries', () => receiver.received.length >= 30);
      const pairs = receiver.received.map((r) => `${r.path} ${r.headers['webhook-id']}`);
      expect(new Set(pairs).size).toBe(30);
      expect(pairs).toHaveLength(30);
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
      await receiver.close();
    }
  });

  it('loses nothing when the lease holder dies: the other instance delivers once the lease expires', async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const log = createMemoryChangeLog();
    const receiver = await startReceiver();
    const a = await instance(prefix, log);
    const b = await instance(prefix, log);
    const subscriptions = createWebhookSubscriptions({ store: a.store, log, guard: { allowPrivate: true } });
    const { subscription } = await subscriptions.create('operator', { url: receiver.url });
    await writeEvents(log, 2);
    await a.store.wake(Date.now());
    // Instance A claims the subscription, then dies mid-step: its step never ends, its lease is never released.
    let claimedByA = false;
    const dying: Deliverer = () => ((claimedByA = true), new Promise(() => {}));
    void createDispatcher({ store: a.store, deliver: dying, holder: 'A', leaseMs: 300 }).runOnce();
    await until('A holds the lease', () => claimedByA);
    const survivor = createDispatcher({ store: b.store, deliver: b.deliver, holder: 'B', pollMs: 20 });
    survivor.start();
    try {
      await until('both events delivered by B', () => receiver.received.length >= 2);
      expect((await b.store.get(subscription.id))!.status).toBe('ACTIVE');
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(2);
    } finally {
      await survivor.stop();
      await receiver.close();
    }
  });

  it('loses nothing when the holder is killed mid-delivery: another process delivers the event again once its lease expires, then the rest, each once', async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    const stores = await connectRedisStores(redis.url!, prefix);
    const log = stores.changeLog();
    const store = stores.webhookStore(new SecretBox());
    const receiver = await startReceiver();
    const subscriptions = createWebhookSubscriptions({ store, log, guard: { allowPrivate: true } });
    const { subscription } = await subscriptions.create('operator', { url: receiver.url });
    await writeEvents(log, 3);
    const order = (await log.read({ after: subscription.cursor, limit: 10 })).entries.map((e) => e.change.id);
    // Instance A, a process of its own, sends the first event; the receiver holds the request open.
    receiver.answers.push({ hang: true });
    const a = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/webhooks/instance.ts', redis.url!, prefix, 'A', '1500'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const survivor = createDispatcher({
      store,
      deliver: createDeliverer({
        store,
        log,
        send: createWebhookSender({ guard: { allowPrivate: true }, connect: createNodeConnect(), timeoutMs: 5000 }),
        product: async () => ({}),
        schedule: parseRetrySchedule('5s'),
        ratePerSecond: 1000,
      }),
      holder: 'B',
      pollMs: 20,
    });
    try {
      await until('A sent the first event', () => receiver.received.length === 1);
      const lease = `{${prefix}webhooks}:lease:${subscription.id}`;
      const admin = await connect();
      expect(await admin.get(lease)).toBe('A');
      a.kill('SIGKILL');
      await new Promise((resolve) => a.once('exit', resolve));
      // A is gone with its lease still held: B can claim nothing until it expires, then delivers it all.
      expect(await admin.get(lease)).toBe('A');
      survivor.start();
      await until('every event delivered after A died', () => receiver.received.length >= 4);
      await until('the cursor at the last event', async () => (await store.get(subscription.id))!.cursor === (await log.head()));
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([order[0], ...order]);
      const attempts = await subscriptions.deliveries('operator', subscription.id, 10);
      expect(attempts.map((x) => [x.eventId, x.status])).toEqual([...order].reverse().map((id) => [id, 200]));
      expect((await store.get(subscription.id))!.status).toBe('ACTIVE');
    } finally {
      a.kill('SIGKILL');
      await survivor.stop();
      await receiver.close();
      await stores.close();
    }
  });
});
