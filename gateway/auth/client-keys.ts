import { z } from 'zod';
import { sha256Hex } from './tokens';
import { badInput } from '../errors';
import type { RegistryStore } from '../stores/ports';
import { toBase64Url } from '../encoding/base64url';

const KIND = 'client-key';

/** A client key's record as stored (and read back from Redis or KV): never the key itself. */
const ClientKeyRecord = z.object({
  name: z.string().min(1).max(100),
  requestsPerSecond: z.number().int().min(1).max(100_000),
  createdAt: z.string(),
});
export type ClientKeyRecord = z.infer<typeof ClientKeyRecord>;

/**
 * Client keys: a named client (a portal's server) with its own rate quota. 256 random bits, shown
 * once, stored only as their SHA-256 in the registry store, so they survive restarts under Redis.
 */
export class ClientKeys {
  constructor(private readonly store: RegistryStore) {}

  /** A new key for `name` with `requestsPerSecond`; the caller shows it once and never again. */
  async create(name: string, requestsPerSecond: number): Promise<{ name: string; key: string; requestsPerSecond: number }> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw badInput('name must be 1 to 100 characters', { argument: 'name' });
    if (!Number.isInteger(requestsPerSecond) || requestsPerSecond < 1 || requestsPerSecond > 100_000) {
      throw badInput('requestsPerSecond must be an integer from 1 to 100000', { argument: 'requestsPerSecond' });
    }
    const random = crypto.getRandomValues(new Uint8Array(32));
    const key = `ovop_client_${toBase64Url(random)}`;
    const record: ClientKeyRecord = { name: trimmed, requestsPerSecond, createdAt: new Date().toISOString() };
    await this.store.put(KIND, await sha256Hex(key), JSON.stringify(record));
    return { name: trimmed, key, requestsPerSecond };
  }

  /** The record of a key by its SHA-256, or undefined for one never issued (or unreadable). */
  async byHash(hash: string): Promise<ClientKeyRecord | undefined> {
    const stored = await this.store.get(KIND, hash);
    if (!stored) return undefined;
    try {
      return ClientKeyRecord.parse(JSON.parse(stored));
    } catch {
      return undefined;
    }
  }
}
