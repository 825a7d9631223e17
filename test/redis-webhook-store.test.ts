import { Redis } from 'ioredis';
import { afterAll, describe } from 'vitest';
import { createRedisWebhookStore } from '../gateway/runtime/node/redis-webhook-store';
import { webhookStoreContract } from '../gateway/webhooks/store.contract';
import { resolveRedis, uniquePrefix } from './helpers/redis';

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
