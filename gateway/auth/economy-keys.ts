import { isApecEconomy } from '../../schemas/economies';
import { sha256Hex } from './tokens';
import { badInput } from '../errors';
import { BoundedMap } from '../collections/bounded-map';
import type { RegistryStore } from '../stores/ports';
import { toBase64Url } from '../encoding/base64url';

const KIND = 'economy-key';

/**
 * Economy keys: 256 random bits, shown once, stored only as their SHA-256. A key names its
 * economy; it is looked up by hash, so the store never holds anything that grants access.
 */
export class EconomyKeys {
  private readonly known = new BoundedMap<string, string>({ maxEntries: 10_000, maxBytes: 10_000 * 512 });

  constructor(private readonly store: RegistryStore) {}

  /** A new key for `economy`; the caller shows it once and never again. */
  async create(economy: string): Promise<{ economy: string; key: string }> {
    const code = economy.trim().toUpperCase();
    if (!isApecEconomy(code)) throw badInput(`"${economy}" is not an APEC economy (ISO 3166-1 alpha-2)`, { argument: 'economy' });
    const random = crypto.getRandomValues(new Uint8Array(32));
    const key = `ovop_${code.toLowerCase()}_${toBase64Url(random)}`;
    await this.store.put(KIND, await sha256Hex(key), JSON.stringify({ economy: code, createdAt: new Date().toISOString() }));
    return { economy: code, key };
  }

  /** The economy a key belongs to, or undefined for a key that was never issued. */
  async economyOf(key: string): Promise<string | undefined> {
    return this.economyOfHash(await sha256Hex(key));
  }

  /** The economy of a key by its SHA-256 (the rate limit hashes the bearer once). */
  async economyOfHash(hash: string): Promise<string | undefined> {
    const cached = this.known.get(hash);
    if (cached) return cached;
    const record = await this.store.get(KIND, hash);
    if (!record) return undefined;
    const { economy } = JSON.parse(record) as { economy: string };
    this.known.set(hash, economy);
    return economy;
  }
}
