import type { Logger } from '../log';
import { MemoryCache } from './memory';
import type { CacheStore } from './ports';

/** Largest value the memory fallback keeps a copy of. */
export const MAX_MIRRORED_BYTES = 64 * 1024;

/**
 * A cache that answers from memory while its primary (Redis, KV) is unreachable, with one warning
 * per outage, and goes back to the primary as soon as it answers again. Cached values are
 * rebuildable, so an outage costs work, never correctness. Only small values (rates, the cursor
 * key) are mirrored in memory: a snapshot is already live in the process that wrote it, and a
 * second copy of every catalogue would cost an isolate tens of megabytes.
 */
export class DegradingCache implements CacheStore {
  readonly shared = true;
  private readonly fallback = new MemoryCache();
  private degraded = false;

  constructor(
    private readonly primary: CacheStore,
    private readonly log: Logger,
  ) {}

  /** True while the primary is unreachable. */
  get isDegraded(): boolean {
    return this.degraded;
  }

  async get(key: string) {
    return this.attempt(
      () => this.primary.get(key),
      () => this.fallback.get(key),
    );
  }

  /** Writes to the primary; a value too large to mirror that the primary refused is an error (nothing kept it). */
  async set(key: string, value: Uint8Array, ttlSeconds: number) {
    const mirrored = value.byteLength <= MAX_MIRRORED_BYTES;
    if (mirrored) await this.fallback.set(key, value, ttlSeconds);
    else await this.fallback.delete(key);
    let refused: unknown;
    await this.attempt(
      () => this.primary.set(key, value, ttlSeconds),
      async () => {
        refused = new Error(`the cache store refused ${key}`);
      },
    );
    if (refused && !mirrored) throw refused;
  }

  async delete(key: string) {
    await this.fallback.delete(key);
    await this.attempt(
      () => this.primary.delete(key),
      async () => {},
    );
  }

  /** The primary's lease; while it is away (or has none), this instance harvests on its own. */
  async lease(key: string, ttlMs: number) {
    const lease = this.primary.lease?.bind(this.primary);
    return lease
      ? this.attempt(
          () => lease(key, ttlMs),
          async () => true,
        )
      : true;
  }

  private async attempt<T>(primary: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      const value = await primary();
      if (this.degraded) {
        this.degraded = false;
        this.log('info', 'cache store is back; leaving memory fallback');
      }
      return value;
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.log('warn', 'cache store unreachable; serving from memory until it returns', { error: (error as Error).message });
      }
      return fallback();
    }
  }
}
