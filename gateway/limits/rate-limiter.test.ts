import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './rate-limiter';

describe('MemoryRateLimiter', () => {
  it('lets a burst through, then limits with a retry time, and refills', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ perSecond: 2, burst: 3 }, () => now);
    const results = await Promise.all([1, 2, 3, 4].map(() => limiter.take('a')));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfterSeconds).toBe(1);
    expect((await limiter.take('b')).allowed).toBe(true);
    now = 500;
    expect((await limiter.take('a')).allowed).toBe(true);
  });
});

describe('MemoryRateLimiter under a flood of clients', () => {
  it('keeps at most maxClients buckets, and honours a per-client policy', async () => {
    const limiter = new MemoryRateLimiter({ perSecond: 1, burst: 1 }, () => 0, 100);
    for (let i = 0; i < 1000; i++) await limiter.take(`ip:${i}`);
    expect(limiter.buckets.size).toBe(100);
    const own = await Promise.all(Array.from({ length: 5 }, () => limiter.take('key:x', { perSecond: 5, burst: 5 })));
    expect(own.every((r) => r.allowed)).toBe(true);
    expect((await limiter.take('key:x', { perSecond: 5, burst: 5 })).allowed).toBe(false);
  });
});
