import type { CacheStore } from '../../stores/ports';

/**
 * Where a catalogue shard keeps its rows (issue 30): a Durable Object's SQLite storage on Workers,
 * memory in tests. Keys are short strings; values are bytes of at most MAX_ROW_BYTES (a Durable
 * Object's SQLite refuses a row over 2 MB), which `putLarge` splits larger values into.
 */
export interface ShardStorage {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, value: Uint8Array): Promise<void>;
  /** Every key starting with `prefix`, in ascending order. */
  keys(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
  /** Deletes every key starting with `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
}

/** The largest row a shard writes: under the 2 MB a Durable Object's SQLite holds in one value. */
export const MAX_ROW_BYTES = 1_900_000;

/** A value of any size as rows: one row when it fits (a 0 byte, then the value), else parts under `key#n` and a head naming their count. */
export async function putLarge(storage: ShardStorage, key: string, value: Uint8Array): Promise<void> {
  if (value.byteLength + 1 <= MAX_ROW_BYTES) {
    const inline = new Uint8Array(value.byteLength + 1);
    inline.set(value, 1);
    await storage.put(key, inline);
    return;
  }
  const parts = Math.ceil(value.byteLength / MAX_ROW_BYTES);
  for (let i = 0; i < parts; i++) await storage.put(`${key}#${i}`, value.subarray(i * MAX_ROW_BYTES, (i + 1) * MAX_ROW_BYTES));
  await storage.put(key, new Uint8Array([1, ...new TextEncoder().encode(String(parts))]));
}

/** A value written by `putLarge`, whole; undefined when it or one of its parts is missing. */
export async function getLarge(storage: ShardStorage, key: string): Promise<Uint8Array | undefined> {
  const head = await storage.get(key);
  if (!head) return undefined;
  if (head[0] === 0) return head.subarray(1);
  const parts = Number(new TextDecoder().decode(head.subarray(1)));
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < parts; i++) {
    const chunk = await storage.get(`${key}#${i}`);
    if (!chunk) return undefined;
    chunks.push(chunk);
  }
  const whole = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) whole.set(chunk, at), (at += chunk.byteLength);
  return whole;
}

/** The shard's storage as the cache port the document pages are written to and read from (`storeBlocks`, `StoredBlocks`). */
export function shardCacheStore(storage: ShardStorage): CacheStore {
  return {
    shared: true,
    get: (key) => getLarge(storage, key),
    set: (key, value) => putLarge(storage, key, value),
    delete: async (key) => {
      await storage.delete(key);
      await storage.deletePrefix(`${key}#`);
    },
  };
}

/** Rows in memory: the shard's storage in unit tests (copies in and out, as SQLite does). */
export class MemoryShardStorage implements ShardStorage {
  readonly rows = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.rows.get(key)?.slice();
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    if (value.byteLength > MAX_ROW_BYTES + 1) throw new RangeError(`a row of ${value.byteLength} bytes is over ${MAX_ROW_BYTES}`);
    this.rows.set(key, value.slice());
  }

  async keys(prefix: string): Promise<string[]> {
    return [...this.rows.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  async delete(key: string): Promise<void> {
    this.rows.delete(key);
  }

  async deletePrefix(prefix: string): Promise<void> {
    for (const key of [...this.rows.keys()]) if (key.startsWith(prefix)) this.rows.delete(key);
  }
}
