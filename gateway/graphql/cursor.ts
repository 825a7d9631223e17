import { badInput } from '../errors';

const encoder = new TextEncoder();

/**
 * Opaque, tamper-evident page cursors: a position in one query's result, bound to that query by a
 * fingerprint and signed with HMAC-SHA-256. A cursor from another query, a hand-made one or an
 * edited one is BAD_USER_INPUT, never a wrong page.
 */
export class CursorCodec {
  private readonly key: Promise<CryptoKey>;

  /** `secret`: shared by every instance so their cursors are interchangeable; random when absent. */
  constructor(secret?: string) {
    const material = secret ? encoder.encode(`ovop-cursor:${secret}`) : crypto.getRandomValues(new Uint8Array(32));
    this.key = crypto.subtle.importKey('raw', material, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async encode(offset: number, fingerprint: string): Promise<string> {
    const payload = `v1:${fingerprint}:${offset}`;
    const signature = new Uint8Array(await crypto.subtle.sign('HMAC', await this.key, encoder.encode(payload)));
    return `${toBase64Url(encoder.encode(payload))}.${toBase64Url(signature.subarray(0, 16))}`;
  }

  /** The offset a cursor points at; BAD_USER_INPUT for a malformed, forged or foreign cursor. */
  async decode(cursor: string, fingerprint: string): Promise<number> {
    const [body, signature, ...rest] = cursor.split('.');
    const payload = body && fromBase64Url(body);
    const mac = signature && fromBase64Url(signature);
    const m = payload && /^v1:([0-9a-f]{8}):(\d{1,9})$/.exec(new TextDecoder().decode(payload));
    if (!m || !mac || mac.length !== 16 || rest.length) throw badInput('the cursor is malformed', { argument: 'after' });
    const expected = new Uint8Array(await crypto.subtle.sign('HMAC', await this.key, payload)).subarray(0, 16);
    let diff = 0;
    for (let i = 0; i < 16; i++) diff |= expected[i]! ^ mac[i]!;
    if (diff !== 0) throw badInput('the cursor is not one this gateway issued', { argument: 'after' });
    if (m[1] !== fingerprint) throw badInput('the cursor belongs to another query', { argument: 'after' });
    return Number(m[2]);
  }
}

/** A short, stable fingerprint of a query's shape (FNV-1a, 32 bits). */
export function fingerprint(value: unknown): string {
  let hash = 0x811c9dc5;
  for (const ch of JSON.stringify(value)) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  try {
    return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}
