import type { Cluster, Redis } from 'ioredis';
import { SecretBox } from '../../auth/secrets';
import type { ClaimOptions, DeliveryAttempt, PendingDelivery, WebhookStore } from '../../webhooks/store';
import { WEBHOOK_ATTEMPTS_KEPT } from '../../webhooks/store';
import type { Subscription } from '../../webhooks/subscription';
import { decodeAttempt, decodePending, decodeSubscription, encodeAttempt, encodeSubscription } from '../../webhooks/subscription-codec';

export interface RedisWebhookStoreOptions {
  /** A connected ioredis client (one server, Sentinel or Cluster). */
  redis: Redis | Cluster;
  /** Put before every key, inside the hash tag. @default 'ovop:' */
  prefix?: string;
  /** Seals signing secrets (SECRETS_KEY); without a key they are stored as they come. @default new SecretBox() */
  secrets?: SecretBox;
}

/**
 * Claims due subscriptions: the due ones (score ≤ now), oldest first, each whose lease (SET NX PX)
 * this holder gets, until `limit`. Looks at a window of limit × 4 + 16 due ids, so leases held by
 * other instances (at most their concurrency each) do not hide the rest.
 * KEYS: due. ARGV: now, limit, holder, leaseMs, lease key prefix.
 */
const CLAIM = `
local limit = tonumber(ARGV[2])
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit * 4 + 16)
local claimed = {}
for _, id in ipairs(ids) do
  if #claimed >= limit then break end
  if redis.call('SET', ARGV[5] .. id, ARGV[3], 'NX', 'PX', ARGV[4]) then claimed[#claimed + 1] = id end
end
return claimed`;

/** Gives a lease back when it is still the holder's. KEYS: lease. ARGV: holder. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Writes a subscription when its stored revision is the expected one. KEYS: revs, sub. ARGV: id, expected, text. */
const SAVE = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current or tonumber(current) ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1)
return 1`;

/** Makes every idle subscription still in the due set due at `now` (never later than it was). KEYS: idle, due. ARGV: now. */
const WAKE = `
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  redis.call('ZADD', KEYS[2], 'XX', 'LT', ARGV[1], id)
end
redis.call('DEL', KEYS[1])
return 1`;

type Scripts = {
  ovopWebhooksClaim(...args: (string | number)[]): Promise<string[]>;
  ovopWebhooksRelease(...args: (string | number)[]): Promise<number>;
  ovopWebhooksSave(...args: (string | number)[]): Promise<number>;
  ovopWebhooksWake(...args: (string | number)[]): Promise<number>;
};

/**
 * The webhook store on Redis, for Node at scale: each subscription a string (secrets sealed), a
 * hash of revisions for conditional writes, a set per owner and a sorted set of all by creation,
 * the due set a sorted set (score: when next due) with a lease key per subscription (SET NX PX,
 * taken in one Lua script), the idle ones in a set, the pending delivery a string and the attempts
 * a list trimmed to the newest 100. Every key shares one hash tag (`{ovop:webhooks}`), so the
 * scripts run on one Cluster slot. Everything read back is checked by its schema.
 */
export function createRedisWebhookStore(options: RedisWebhookStoreOptions): WebhookStore {
  const { redis, prefix = 'ovop:', secrets: box = new SecretBox() } = options;
  const client = redis as (Redis | Cluster) & Partial<Scripts>;
  if (!client.ovopWebhooksClaim) client.defineCommand('ovopWebhooksClaim', { numberOfKeys: 1, lua: CLAIM });
  if (!client.ovopWebhooksRelease) client.defineCommand('ovopWebhooksRelease', { numberOfKeys: 1, lua: RELEASE });
  if (!client.ovopWebhooksSave) client.defineCommand('ovopWebhooksSave', { numberOfKeys: 2, lua: SAVE });
  if (!client.ovopWebhooksWake) client.defineCommand('ovopWebhooksWake', { numberOfKeys: 2, lua: WAKE });
  const scripts = client as (Redis | Cluster) & Scripts;
  const tag = `{${prefix}webhooks}`;
  const key = {
    sub: (id: string) => `${tag}:sub:${id}`,
    owner: (owner: string) => `${tag}:owner:${owner}`,
    all: `${tag}:all`,
    revs: `${tag}:revs`,
    due: `${tag}:due`,
    idle: `${tag}:idle`,
    leasePrefix: `${tag}:lease:`,
    pending: (id: string) => `${tag}:pending:${id}`,
    attempts: (id: string) => `${tag}:attempts:${id}`,
  };
  const decodeAll = async (ids: string[]): Promise<Subscription[]> => {
    if (ids.length === 0) return [];
    const texts = await redis.mget(...ids.map(key.sub));
    const found = await Promise.all(texts.map((t) => (t ? decodeSubscription(t, box) : undefined)));
    return found.filter((s): s is Subscription => s !== undefined);
  };

  return {
    async create(subscription, dueAt) {
      subscription.revision = 1;
      const text = await encodeSubscription(subscription, box);
      const created = await redis.set(key.sub(subscription.id), text, 'NX');
      if (created !== 'OK') throw new Error(`subscription ${subscription.id} exists`);
      await redis
        .multi()
        .hset(key.revs, subscription.id, 1)
        .sadd(key.owner(subscription.owner), subscription.id)
        .zadd(key.all, subscription.createdAt, subscription.id)
        .zadd(key.due, dueAt, subscription.id)
        .exec();
    },
    async get(id) {
      const text = await redis.get(key.sub(id));
      return text ? decodeSubscription(text, box) : undefined;
    },
    async list(owner) {
      if (owner === undefined) return decodeAll(await redis.zrange(key.all, '0', '-1'));
      const mine = await decodeAll(await redis.smembers(key.owner(owner)));
      return mine.sort((a, b) => a.createdAt - b.createdAt);
    },
    count: (owner) => redis.scard(key.owner(owner)),
    async save(subscription: Subscription) {
      const next = { ...subscription, revision: subscription.revision + 1 };
      const text = await encodeSubscription(next, box);
      const saved = await scripts.ovopWebhooksSave(key.revs, key.sub(subscription.id), subscription.id, subscription.revision, text);
      if (saved !== 1) return false;
      subscription.revision = next.revision;
      return true;
    },
    async delete(id) {
      const stored = await this.get(id);
      if (!stored) return false;
      await redis
        .multi()
        .del(key.sub(id), key.pending(id), key.attempts(id), `${key.leasePrefix}${id}`)
        .hdel(key.revs, id)
        .srem(key.owner(stored.owner), id)
        .zrem(key.all, id)
        .zrem(key.due, id)
        .srem(key.idle, id)
        .exec();
      return true;
    },
    async schedule(id, at, { idle = false } = {}) {
      const m = redis.multi().zadd(key.due, 'XX', String(at), id);
      await (idle ? m.sadd(key.idle, id) : m.srem(key.idle, id)).exec();
    },
    async unschedule(id) {
      await redis.multi().zrem(key.due, id).srem(key.idle, id).exec();
    },
    async wake(now) {
      await scripts.ovopWebhooksWake(key.idle, key.due, now);
    },
    claim: ({ now, limit, holder, leaseMs }: ClaimOptions) => scripts.ovopWebhooksClaim(key.due, now, limit, holder, leaseMs, key.leasePrefix),
    async release(id, holder) {
      await scripts.ovopWebhooksRelease(`${key.leasePrefix}${id}`, holder);
    },
    async nextDue() {
      const [, score] = await redis.zrange(key.due, '0', '0', 'WITHSCORES');
      return score === undefined ? null : Number(score);
    },
    async getPending(id) {
      const text = await redis.get(key.pending(id));
      return text ? decodePending(text) : undefined;
    },
    async setPending(id, pending: PendingDelivery) {
      await redis.set(key.pending(id), JSON.stringify(pending));
    },
    async clearPending(id) {
      await redis.del(key.pending(id));
    },
    async recordAttempt(id, attempt: DeliveryAttempt) {
      await redis
        .multi()
        .lpush(key.attempts(id), encodeAttempt(attempt))
        .ltrim(key.attempts(id), 0, WEBHOOK_ATTEMPTS_KEPT - 1)
        .exec();
    },
    async attempts(id, first) {
      if (first <= 0) return [];
      return (await redis.lrange(key.attempts(id), 0, first - 1)).map(decodeAttempt);
    },
  };
}
