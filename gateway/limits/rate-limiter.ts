import { BoundedMap } from '../collections/bounded-map';

/** The rate-limiter port: one token per request, per client, under the default policy or the client's own. */
export interface RateLimiter {
  take(client: string, policy?: RatePolicy): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export interface RatePolicy {
  /** Tokens added per second. */
  perSecond: number;
  /** Most tokens a client can hold: the largest burst it may send at once. */
  burst: number;
}

/**
 * A token bucket per client in this process (this isolate, on Workers), in a bounded map: the
 * buckets of clients gone quiet longest are dropped first once there are `maxClients`.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly buckets: BoundedMap<string, { tokens: number; at: number }>;

  constructor(
    private readonly policy: RatePolicy,
    private readonly now: () => number = Date.now,
    maxClients = 100_000,
  ) {
    // A bucket is two numbers: the client's key is what varies (request input, so counted).
    this.buckets = new BoundedMap({ maxEntries: maxClients, maxBytes: maxClients * 256, sizeOf: (_, client) => 96 + 2 * client.length });
  }

  async take(client: string, policy: RatePolicy = this.policy) {
    const now = this.now();
    const { perSecond, burst } = policy;
    const bucket = this.buckets.get(client) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * perSecond) / 1000);
    bucket.at = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / perSecond) };
  }
}

/** A limiter that uses `primary` (Redis) and falls back to `fallback` (memory) while it fails. */
export function withFallback(primary: RateLimiter, fallback: RateLimiter): RateLimiter {
  return { take: (client, policy) => primary.take(client, policy).catch(() => fallback.take(client, policy)) };
}
