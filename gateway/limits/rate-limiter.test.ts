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
