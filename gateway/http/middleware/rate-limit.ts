import type { Context, MiddlewareHandler } from 'hono';
import { bearerFrom, sha256Hex } from '../../auth/tokens';
import type { HeaderReader } from './header';
import type { RateLimiter } from '../../limits/rate-limiter';
import { errorResponse } from './error-response';
import type { Timings } from './request-context';

/**
 * Limits each client (its API key, else its address) to its own token bucket: one noisy client is
 * answered 429 RATE_LIMITED with Retry-After, and never slows another.
 */
export function rateLimit(limiter: RateLimiter, clientAddress: (c: Context) => string, timings: Timings, header: HeaderReader): MiddlewareHandler {
  return async (c, next) => {
    const token = bearerFrom(header(c, 'authorization'));
    const client = token ? `key:${(await sha256Hex(token)).slice(0, 24)}` : `ip:${clientAddress(c)}`;
    const { allowed, retryAfterSeconds } = await limiter.take(client);
    if (allowed) return next();
    return errorResponse(c, timings, 429, 'RATE_LIMITED', `too many requests; retry after ${retryAfterSeconds} s`, {
      'retry-after': String(retryAfterSeconds),
    });
  };
}
