import type { CacheStore, RegistryStore } from '../../stores/ports';

/** The part of a Workers KV namespace binding these adapters use. */
export interface KVNamespace {
  get(key: string, type: 'arrayBuffer'): Promise<ArrayBuffer | null>;
  get(key: string, type: 'text'): Promise<string | null>;
  put(key: string, value: string | ArrayBuffer | Uint8Array, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
  list(options: { prefix: string; cursor?: string }): Promise<{ keys: Array<{ name: string }>; list_complete: boolean; cursor?: string }>;
}

/** KV refuses values over 25 MiB: larger ones are stored in parts. */
const PART_BYTES = 20 * 1024 * 1024;
/** KV's shortest expiration. */
const MIN_TTL_SECONDS = 60;

/**
 * Workers KV adapters of the cache and registry ports. KV is eventually consistent: a write is
 * seen at once where it was made and within about a minute everywhere else, which snapshots and
 * registrations tolerate (an instance that has not seen one yet harvests or syncs it later).
 */
export function kvStores(cacheNamespace: KVNamespace, registryNamespace: KVNamespace, prefix = 'ovop:v1:') {
  const cache: CacheStore = {
    shared: true,
    async get(key) {
      const head = await cacheNamespace.get(prefix + key, 'arrayBuffer');
      if (!head) return undefined;
      const bytes = new Uint8Array(head);
      if (bytes[0] === 0) return bytes.subarray(1);
      const parts = Number(new TextDecoder().decode(bytes.subarray(1)));
      const chunks = await Promise.all(Array.from({ length: parts }, (_, i) => cacheNamespace.get(`${prefix}${key}#${i}`, 'arrayBuffer')));
      if (chunks.some((c) => !c)) return undefined;
      const whole = new Uint8Array(chunks.reduce((n, c) => n + c!.byteLength, 0));
      let at = 0;
      for (const c of chunks) whole.set(new Uint8Array(c!), at), (at += c!.byteLength);
      return whole;
    },
    async set(key, value, ttlSeconds) {
      const expirationTtl = Math.max(MIN_TTL_SECONDS, Math.ceil(ttlSeconds));
      if (value.byteLength + 1 <= PART_BYTES) {
        const inline = new Uint8Array(value.byteLength + 1);
        inline.set(value, 1);
        await cacheNamespace.put(prefix + key, inline, { expirationTtl });
        return;
      }
      const parts = Math.ceil(value.byteLength / PART_BYTES);
      await Promise.all(
        Array.from({ length: parts }, (_, i) =>
          cacheNamespace.put(`${prefix}${key}#${i}`, value.slice(i * PART_BYTES, (i + 1) * PART_BYTES), { expirationTtl }),
        ),
      );
      await cacheNamespace.put(prefix + key, new Uint8Array([1, ...new TextEncoder().encode(String(parts))]), { expirationTtl });
    },
    async delete(key) {
      await cacheNamespace.delete(prefix + key);
    },
    // KV has no compare-and-set: write a token where none is, then read back whose token won.
    // Best effort (two isolates may both win within KV's propagation delay), which costs a second harvest, never a wrong answer.
    async lease(key, ttlMs) {
      if (await cacheNamespace.get(prefix + key, 'text')) return false;
      const token = crypto.randomUUID();
      await cacheNamespace.put(prefix + key, token, { expirationTtl: Math.max(MIN_TTL_SECONDS, Math.ceil(ttlMs / 1000)) });
      return (await cacheNamespace.get(prefix + key, 'text')) === token;
    },
  };

  const registry: RegistryStore = {
    async list(kind) {
      const found = new Map<string, string>();
      const base = `${prefix}registry:${kind}:`;
      let cursor: string | undefined;
      do {
        const page = await registryNamespace.list({ prefix: base, ...(cursor && { cursor }) });
        const values = await Promise.all(page.keys.map((k) => registryNamespace.get(k.name, 'text')));
        for (const [i, k] of page.keys.entries()) if (values[i] !== null) found.set(k.name.slice(base.length), values[i]!);
        cursor = page.list_complete ? undefined : page.cursor;
      } while (cursor);
      return found;
    },
    async get(kind, id) {
      return (await registryNamespace.get(`${prefix}registry:${kind}:${id}`, 'text')) ?? undefined;
    },
    async put(kind, id, value) {
      await registryNamespace.put(`${prefix}registry:${kind}:${id}`, value);
    },
    async delete(kind, id) {
      const key = `${prefix}registry:${kind}:${id}`;
      const existed = (await registryNamespace.get(key, 'text')) !== null;
      await registryNamespace.delete(key);
      return existed;
    },
  };
  return { cache, registry };
}
