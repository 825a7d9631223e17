import { z } from 'zod';
import type { CacheStore } from '../../stores/ports';

const KEY = 'cursor-key:v1';
/** A year: a key that expires (or is evicted) is replaced, and older cursors are refused, never misread. */
const TTL_SECONDS = 365 * 86_400;
const KeyBytes = z.instanceof(Uint8Array).refine((bytes) => bytes.length === 32, 'a cursor key is 32 bytes');

/**
 * The cursor signing key shared by every instance on one cache store: the one already stored, else
 * 32 random bytes stored now and read back (so instances racing at start settle on one). Random
 * and unshared while the store is unreachable. Never derived from another secret.
 */
export async function sharedCursorKey(store: CacheStore): Promise<Uint8Array> {
  const stored = async () => {
    const parsed = KeyBytes.safeParse(await store.get(KEY));
    return parsed.success ? new Uint8Array(parsed.data) : undefined;
  };
  const fresh = crypto.getRandomValues(new Uint8Array(32));
  try {
    const existing = await stored();
    if (existing) return existing;
    await store.set(KEY, fresh, TTL_SECONDS);
    return (await stored()) ?? fresh;
  } catch {
    return fresh;
  }
}
