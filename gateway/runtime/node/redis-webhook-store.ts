import type { ChainableCommander, Cluster, Redis } from 'ioredis';
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
 * this holder gets, until `limit`. Reads the due ids a page at a time, up to 1,024 past what it
 * claims: subscriptions being stepped stay due (with their lease) until their step reschedules
 * them, and those of every instance must not hide the rest from a dispatcher with one slot free.
 * KEYS: due. ARGV: now, limit, holder, leaseMs, lease key prefix.
 */
const CLAIM = `
local limit = tonumber(ARGV[2])
local claimed = {}
local offset = 0
local page = limit * 4 + 16
while #claimed < limit and offset < limit + 1024 do
  local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', offset, page)
  for _, id in ipairs(ids) do
    if #claimed >= limit then break end
    if redis.call('SET', ARGV[5] .. id, ARGV[3], 'NX', 'PX', ARGV[4]) then claimed[#claimed + 1] = id end
  end
  if #ids < page then break end
  offset = offset + page
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

/**
 * Schedules a subscription that still exists (a step racing a delete never brings it back).
 * KEYS: sub, due, idle. ARGV: at, id, idle (1 or 0).
 */
const SCHEDULE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2])
if ARGV[3] == '1' then redis.call('SADD', KEYS[3], ARGV[2]) else redis.call('SREM', KEYS[3], ARGV[2]) end
return 1`;

/** Sets the pending delivery of a subscription that still exists. KEYS: sub, pending. ARGV: text. */
const SET_PENDING = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
return 1`;

/** Records an attempt of a subscription that still exists, keeping the newest. KEYS: sub, attempts. ARGV: text, kept. */
const RECORD_ATTEMPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[1])
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
return 1`;

/** Creates a subscription with its revision, owner, creation and due entries, or nothing. KEYS: sub, revs, owner, all, due. ARGV: text, id, createdAt, dueAt. */
const CREATE = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], 1)
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[2])
return 1`;

type Scripts = {
  ovopWebhooksCreate(...args: (string | number)[]): Promise<number>;
  ovopWebhooksSchedule(...args: (string | number)[]): Promise<number>;
  ovopWebhooksSetPending(...args: (string | number)[]): Promise<number>;
  ovopWebhooksRecordAttempt(...args: (string | number)[]): Promise<number>;
  ovopWebhooksClaim(...args: (string | number)[]): Promise<string[]>;
  ovopWebhooksRelease(...args: (string | number)[]): Promise<number>;
  ovopWebhooksSave(...args: (string | number)[]): Promise<number>;
  ovopWebhooksWake(...args: (string | number)[]): Promise<number>;
};

/** A pipeline as the batched commands call it: each command with a callback for its own answer. */
type Piped = Record<'get' | 'del' | keyof Scripts, (...args: unknown[]) => unknown>;

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
  if (!client.ovopWebhooksSchedule) client.defineCommand('ovopWebhooksSchedule', { numberOfKeys: 3, lua: SCHEDULE });
  if (!client.ovopWebhooksSetPending) client.defineCommand('ovopWebhooksSetPending', { numberOfKeys: 2, lua: SET_PENDING });
  if (!client.ovopWebhooksRecordAttempt) client.defineCommand('ovopWebhooksRecordAttempt', { numberOfKeys: 2, lua: RECORD_ATTEMPT });
  if (!client.ovopWebhooksCreate) client.defineCommand('ovopWebhooksCreate', { numberOfKeys: 5, lua: CREATE });
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

  /** The pipeline the commands of this moment join; sent once they have all been issued. */
  let open: ChainableCommander | undefined;
  /**
   * Sends a command on the pipeline of this moment: the writes a delivery issues together (its
   * cursor and its attempt; the schedule and the pending record at a step's end) and those of other
   * steps at the same moment leave in one write to the socket, not one each. Sent two microtasks
   * later, so that a command issued after one `await` (a save encodes first) still joins.
   */
  const batched = <T>(add: (pipeline: Piped, done: (error: Error | null, value: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!open) {
        const pipeline = redis.pipeline();
        open = pipeline;
        queueMicrotask(() =>
          queueMicrotask(() => {
            open = undefined;
            // Each command's own callback reports its error; the pipeline's is the same failure.
            pipeline.exec().catch(() => {});
          }),
        );
      }
      add(open as unknown as Piped, (error, value) => (error ? reject(error) : resolve(value)));
    });

  return {
    async create(subscription, dueAt) {
      subscription.revision = 1;
      const text = await encodeSubscription(subscription, box);
      const { id, owner, createdAt } = subscription;
      const created = await scripts.ovopWebhooksCreate(key.sub(id), key.revs, key.owner(owner), key.all, key.due, text, id, createdAt, dueAt);
      if (created !== 1) throw new Error(`subscription ${id} exists`);
    },
    async get(id) {
      const text = await batched<string | null>((p, done) => p.get(key.sub(id), done));
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
      const saved = await batched<number>((p, done) =>
        p.ovopWebhooksSave(key.revs, key.sub(subscription.id), subscription.id, subscription.revision, text, done),
      );
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
      await batched((p, done) => p.ovopWebhooksSchedule(key.sub(id), key.due, key.idle, at, id, idle ? 1 : 0, done));
    },
    async unschedule(id) {
      await redis.multi().zrem(key.due, id).srem(key.idle, id).exec();
    },
    async wake(now) {
      await scripts.ovopWebhooksWake(key.idle, key.due, now);
    },
    claim: ({ now, limit, holder, leaseMs }: ClaimOptions) => scripts.ovopWebhooksClaim(key.due, now, limit, holder, leaseMs, key.leasePrefix),
    async release(id, holder) {
      await batched((p, done) => p.ovopWebhooksRelease(`${key.leasePrefix}${id}`, holder, done));
    },
    async nextDue() {
      const [, score] = await redis.zrange(key.due, '0', '0', 'WITHSCORES');
      return score === undefined ? null : Number(score);
    },
    async getPending(id) {
      const text = await batched<string | null>((p, done) => p.get(key.pending(id), done));
      return text ? decodePending(text) : undefined;
    },
    async setPending(id, pending: PendingDelivery) {
      await batched((p, done) => p.ovopWebhooksSetPending(key.sub(id), key.pending(id), JSON.stringify(pending), done));
    },
    async clearPending(id) {
      await batched((p, done) => p.del(key.pending(id), done));
    },
    async recordAttempt(id, attempt: DeliveryAttempt) {
      await batched((p, done) => p.ovopWebhooksRecordAttempt(key.sub(id), key.attempts(id), encodeAttempt(attempt), WEBHOOK_ATTEMPTS_KEPT, done));
    },
    async attempts(id, first) {
      if (first <= 0) return [];
      return (await redis.lrange(key.attempts(id), 0, first - 1)).map(decodeAttempt);
    },
  };
}
