import { fromBase64Url, toBase64Url } from '../encoding/base64url';

/** What a sealed value starts with: the scheme and its version. */
const SEALED = 'sealed:aes-256-gcm:v1:';
const IV_BYTES = 12;

/**
 * Secrets at rest (SECRETS_KEY): values sealed with AES-256-GCM through Web Crypto, so the same
 * code runs on Node and Workers. A sealed value is `sealed:aes-256-gcm:v1:<iv>.<ciphertext>`
 * (base64url; the ciphertext carries GCM's tag), with a fresh random IV each time. Without a key,
 * values are stored as they come; a value stored before the key was set is read as it is and
 * sealed on its next write.
 */
export class SecretBox {
  readonly #key: Promise<CryptoKey> | undefined;

  /** `base64Key`: 32 bytes in base64 (standard or URL-safe); undefined keeps values as they come. */
  constructor(base64Key?: string) {
    this.#key = base64Key === undefined ? undefined : importKey(base64Key);
    // A bad key fails every seal and open; it is no unhandled rejection before the first.
    this.#key?.catch(() => {});
  }

  /** True when values are sealed before they are stored. */
  get sealing(): boolean {
    return this.#key !== undefined;
  }

  /** `plain` sealed under the key, or `plain` itself without one. */
  async seal(plain: string): Promise<string> {
    if (!this.#key) return plain;
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await this.#key, new TextEncoder().encode(plain)));
    return `${SEALED}${toBase64Url(iv)}.${toBase64Url(data)}`;
  }

  /**
   * The plain text of a stored value: opened when sealed, as it is when not (stored before the key
   * was set). Throws when a sealed value cannot be opened: no key, another key, or altered bytes.
   */
  async open(stored: string): Promise<string> {
    if (!isSealed(stored)) return stored;
    if (!this.#key) throw new Error('a sealed secret is stored but SECRETS_KEY is unset');
    const [iv, data] = stored
      .slice(SEALED.length)
      .split('.')
      .map((part) => fromBase64Url(part));
    try {
      if (!iv || !data) throw new Error('not base64url');
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, await this.#key, data);
      return new TextDecoder().decode(plain);
    } catch {
      throw new Error('a sealed secret cannot be opened: it was sealed under another SECRETS_KEY, or altered');
    }
  }
}

/** True when a stored value is sealed (rather than stored as it came). */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED);
}

async function importKey(base64Key: string): Promise<CryptoKey> {
  // Standard base64 (`openssl rand -base64 32`) or base64url alike.
  const raw = fromBase64Url(base64Key.trim().replaceAll('+', '-').replaceAll('/', '_'));
  if (raw?.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes in base64');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}
