import type { Context, MiddlewareHandler } from 'hono';
import { bearerFrom } from '../../auth/tokens';
import type { CallerIdentities, RateIdentity } from '../../auth/caller-identity';
import type { RateLimiter } from '../../limits/rate-limiter';
import type { HeaderReader } from './header';
import { errorResponse } from './error-response';
import type { Timings } from './request-context';

/** Store look-ups of unknown tokens an address may make once its own bucket is spent. */
const LOOKUPS = { perSecond: 1, burst: 5 };

export interface RateLimitOptions {
  limiter: RateLimiter;
  /** Who bearer tokens really are (operator, economy key, client key). */
  identities: CallerIdentities;
  /** The client address, as TRUST_PROXY says to read it. */
  clientAddress: (c: Context) => string;
  timings: Timings;
  header: HeaderReader;
  /** Hears every refusal (metrics): the kind of bucket that ran dry. */
  onRefused?: (bucket: 'address' | 'key') => void;
}

/**
 * Limits each client to its own token bucket, keyed on who it really is (docs/contract.md): a bearer
 * token that authenticates (client key, economy key, operator token) draws on its own bucket, at
 * its own quota; anything else, a made-up token included, on the client address's. A token not
 * yet known is looked up once the address has paid for the request, or from a small look-up
 * bucket per address, so made-up tokens cost no more store reads than that address may make. Refused: 429 RATE_LIMITED, Retry-After.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { limiter, identities, timings, header } = options;
  const refused = (c: Context, bucket: 'address' | 'key', retryAfterSeconds: number) => {
    options.onRefused?.(bucket);
    return errorResponse(c, {
      status: 429,
      code: 'RATE_LIMITED',
      message: `too many requests; retry after ${retryAfterSeconds} s`,
      headers: { 'retry-after': String(retryAfterSeconds) },
      timings,
    });
  };
  /** Names the authenticated caller in the request's record (the access log's `client`). */
  const named = (c: Context, identity: RateIdentity) => {
    const record = c.get('record') as { client: string | null } | undefined;
    if (record) record.client = identity.name ?? null;
  };
  return async (c, next) => {
    const token = bearerFrom(header(c, 'authorization'));
    const hash = token && token.length <= 512 ? await identities.hash(token) : undefined;
    const identity = hash ? identities.cached(hash) : null;
    if (identity) {
      named(c, identity);
      const taken = await limiter.take(`key:${identity.bucket}`, identity.policy);
      return taken.allowed ? next() : refused(c, 'key', taken.retryAfterSeconds);
    }
    const address = `ip:${options.clientAddress(c)}`;
    const taken = await limiter.take(address);
    if (taken.allowed) {
      const verified = hash && identity === undefined ? await identities.verify(hash) : undefined;
      if (verified) named(c, verified);
      return next();
    }
    // The address is spent, yet an unknown token may be a key this process has not met: a few
    // look-ups per address are allowed past it, so a key holder behind a busy address gets through.
    if (hash && identity === undefined && (await limiter.take(`lookup:${address}`, LOOKUPS)).allowed) {
      const verified = await identities.verify(hash);
      const own = verified && (await limiter.take(`key:${verified.bucket}`, verified.policy));
      if (verified) named(c, verified);
      if (own) return own.allowed ? next() : refused(c, 'key', own.retryAfterSeconds);
    }
    return refused(c, 'address', taken.retryAfterSeconds);
  };
}
