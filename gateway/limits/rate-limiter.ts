/** The rate-limiter port: one token per request, per client. */
export interface RateLimiter {
  take(client: string): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export interface RatePolicy {
  /** Tokens added per second. */
  perSecond: number;
  /** Most tokens a client can hold: the largest burst it may send at once. */
  burst: number;
}

/**
 * A token bucket per client in this process (this isolate, on Workers). Buckets of clients gone
 * quiet are dropped once there are too many.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly policy: RatePolicy,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 100_000,
  ) {}

  async take(client: string) {
    const now = this.now();
    const { perSecond, burst } = this.policy;
    const bucket = this.buckets.get(client) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * perSecond) / 1000);
    bucket.at = now;
    this.buckets.delete(client);
    this.buckets.set(client, bucket);
    if (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / perSecond) };
  }
}

/** A limiter that uses `primary` (Redis) and falls back to `fallback` (memory) while it fails. */
export function withFallback(primary: RateLimiter, fallback: RateLimiter): RateLimiter {
  return { take: (client) => primary.take(client).catch(() => fallback.take(client)) };
}
