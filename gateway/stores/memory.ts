import type { CacheStore, RegistryStore } from './ports';

/** An in-process cache with TTLs: the default, and the fallback while Redis is away. */
export class MemoryCache implements CacheStore {
  readonly shared = false;
  private readonly entries = new Map<string, { value: Uint8Array; expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: Uint8Array, ttlSeconds: number) {
    this.entries.set(key, { value, expires: this.now() + ttlSeconds * 1000 });
  }

  async delete(key: string) {
    this.entries.delete(key);
  }
}

/** An in-process registry: registrations last as long as the process (the default without Redis). */
export class MemoryRegistry implements RegistryStore {
  private readonly kinds = new Map<string, Map<string, string>>();

  private of(kind: string) {
    let map = this.kinds.get(kind);
    if (!map) this.kinds.set(kind, (map = new Map()));
    return map;
  }

  async list(kind: string) {
    return new Map(this.of(kind));
  }

  async get(kind: string, id: string) {
    return this.of(kind).get(id);
  }

  async put(kind: string, id: string, value: string) {
    this.of(kind).set(id, value);
  }

  async delete(kind: string, id: string) {
    return this.of(kind).delete(id);
  }
}
