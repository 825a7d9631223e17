/**
 * The cache port: rebuildable values with a time to live (snapshots, rates, responses).
 * Adapters: memory, Redis (Node), Workers KV. Keys are already prefixed and versioned.
 */
export interface CacheStore {
  /** True when other instances read it too (Redis, KV): only then are snapshots worth encoding. */
  readonly shared: boolean;
  get(key: string): Promise<Uint8Array | undefined>;
  set(key: string, value: Uint8Array, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Takes `key` for `ttlMs` unless someone holds it: true when this caller now holds it. Redis: SET
   * NX PX (atomic); KV: best effort (write, then read back whose token won). Absent in memory, where
   * the process's own single flight already harvests once.
   */
  lease?(key: string, ttlMs: number): Promise<boolean>;
}

/**
 * The registry port: durable records that must survive restarts (connector manifests, hashed
 * economy keys), grouped by kind. A write resolves only once the record is stored.
 */
export interface RegistryStore {
  list(kind: string): Promise<Map<string, string>>;
  get(kind: string, id: string): Promise<string | undefined>;
  put(kind: string, id: string, value: string): Promise<void>;
  delete(kind: string, id: string): Promise<boolean>;
}

/** The key prefix of every stored value: bump the version when an encoding changes. */
export const KEY_VERSION = 'v1';
