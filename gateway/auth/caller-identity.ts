import { sha256Hex } from './tokens';
import { BoundedMap } from '../collections/bounded-map';
import type { RatePolicy } from '../limits/rate-limiter';

/** Whose bucket a request draws on, and its quota when not the default one. */
export interface RateIdentity {
  bucket: string;
  /** Who the caller is, for the access log: a client key's name, `economy:XX` or `operator`. */
  name?: string;
  policy?: RatePolicy;
}

export interface CallerIdentitiesOptions {
  /** GATEWAY_ADMIN_TOKEN: the operator has a bucket of its own. */
  adminToken?: string;
  /** Finds an issued key (economy or client) by its SHA-256 in the registry store. */
  lookup(hash: string): Promise<RateIdentity | undefined>;
  /** Verdicts kept, each way (authenticated, unknown); 10 000 by default. */
  maxEntries?: number;
}

/**
 * Who a bearer token really is, for the rate limit: the operator, an issued key, or nobody. Verdicts
 * are cached in bounded maps both ways, and concurrent look-ups of one token share one store read,
 * so a flood of made-up tokens costs a bounded amount of memory and (the caller makes sure, by
 * charging the address first) a bounded number of store reads.
 */
export class CallerIdentities {
  readonly #known: BoundedMap<string, RateIdentity>;
  readonly #unknown: BoundedMap<string, true>;
  readonly #pending: BoundedMap<string, Promise<RateIdentity | null>>;
  readonly #admin: Promise<string | undefined>;

  constructor(private readonly options: CallerIdentitiesOptions) {
    const max = options.maxEntries ?? 10_000;
    // Keys are SHA-256 hex (fixed size); a verdict is small and a pending look-up one promise.
    this.#known = new BoundedMap({ maxEntries: max, maxBytes: max * 512 });
    this.#unknown = new BoundedMap({ maxEntries: max, maxBytes: max * 256 });
    this.#pending = new BoundedMap({ maxEntries: max, maxBytes: max * 512, sizeOf: (_, hash) => 256 + 2 * hash.length });
    this.#admin = options.adminToken ? sha256Hex(options.adminToken) : Promise.resolve(undefined);
  }

  /** The SHA-256 of a bearer token: what identities are keyed by. */
  hash(token: string): Promise<string> {
    return sha256Hex(token);
  }

  /** The cached verdict: an identity, null for a token known to be nobody, undefined when not yet looked up. */
  cached(hash: string): RateIdentity | null | undefined {
    return this.#known.get(hash) ?? (this.#unknown.has(hash) ? null : undefined);
  }

  /** Looks a token up (the operator token, then the store) and caches the verdict; null when nobody. */
  verify(hash: string): Promise<RateIdentity | null> {
    const cached = this.cached(hash);
    if (cached !== undefined) return Promise.resolve(cached);
    return this.#pending.getOrCreate(hash, async () => {
      try {
        const identity = hash === (await this.#admin) ? { bucket: 'operator', name: 'operator' } : await this.options.lookup(hash);
        if (identity) this.#known.set(hash, identity);
        else this.#unknown.set(hash, true);
        return identity ?? null;
      } catch {
        // The store is away: nobody, this time, without remembering it.
        return null;
      } finally {
        this.#pending.delete(hash);
      }
    });
  }

  /** Entries held, for the memory-bound tests. */
  get size(): { known: number; unknown: number } {
    return { known: this.#known.size, unknown: this.#unknown.size };
  }
}
