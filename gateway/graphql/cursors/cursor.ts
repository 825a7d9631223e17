import { badInput } from '../../errors';
import { BoundedMap } from '../../collections/bounded-map';
import type { CacheStore } from '../../stores/ports';
import { sharedCursorKey } from './cursor-key';
import { fromBase64Url, toBase64Url } from '../../encoding/base64url';
import { decodePositions, encodePositions } from '../../federation/search/scatter-gather';

/** The longest cursor of a sharded search read: 64 shards' positions, in base64url twice, and a signature. */
const MAX_POSITIONS_CURSOR = 1024;

const encoder = new TextEncoder();

/**
 * Opaque, tamper-evident page cursors: a position in one query's result, bound to that query by a
 * fingerprint and signed with HMAC-SHA-256. A cursor from another query, a hand-made one or an
 * edited one is BAD_USER_INPUT, never a wrong page.
 */
export interface CursorCodecOptions {
  /** CURSOR_SECRET: shared by every instance configured with it. */
  secret?: string;
  /** Without a secret: the cache store through which instances share a generated key (else per process). */
  store?: CacheStore;
  now?: () => number;
  /**
   * A synchronous HMAC-SHA-256 (Node: node:crypto), the same bytes as Web Crypto's. Without it,
   * crypto.subtle signs, which on Node goes through the thread pool: a profiled cache miss spent
   * 9 % of its time waiting on one signature.
   */
  hmac?: HmacSha256;
}

/** HMAC-SHA-256 of `payload` under `key`, all 32 bytes. */
export type HmacSha256 = (key: Uint8Array, payload: Uint8Array) => Uint8Array;

/** A cursor signed with another key makes the codec re-read the shared key, at most this often. */
const RELOAD_MS = 5000;
/** Cursors kept once signed: a popular search's pages are signed again by every request for them. */
const SIGNED_CURSORS = 4096;

export class CursorCodec {
  /**
   * Loaded on first use, in the request that needs it: on Workers, a KV read started during another
   * request (say the isolate's first /healthz) is cancelled when that request ends, and every
   * cursor awaiting it would then hang.
   */
  private key?: Promise<(payload: Uint8Array<ArrayBuffer>) => Uint8Array | Promise<Uint8Array>>;
  private loadedAt = 0;
  private readonly now: () => number;
  /** Payload → its signed cursor under the current key (an HMAC each to remake; request input, so bounded). */
  private readonly signed = new BoundedMap<string, string>({ maxEntries: SIGNED_CURSORS, maxBytes: SIGNED_CURSORS * 1024 });

  /** Signs with `secret` when given, else with a key generated once and shared through `store`. */
  constructor(private readonly options: CursorCodecOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  private load(): Promise<(payload: Uint8Array<ArrayBuffer>) => Uint8Array | Promise<Uint8Array>> {
    this.loadedAt = this.now();
    this.signed.clear();
    const { secret, store } = this.options;
    const material: Promise<Uint8Array> = secret
      ? Promise.resolve(encoder.encode(`ovop-cursor:${secret}`))
      : store
        ? sharedCursorKey(store)
        : Promise.resolve(crypto.getRandomValues(new Uint8Array(32)));
    const hmac = this.options.hmac;
    return material.then(async (bytes) => {
      const raw = new Uint8Array(bytes);
      if (hmac) return (payload: Uint8Array<ArrayBuffer>) => hmac(raw, payload);
      const key = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
      return async (payload: Uint8Array<ArrayBuffer>) => new Uint8Array(await crypto.subtle.sign('HMAC', key, payload));
    });
  }

  private async signature(payload: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
    return (await (await (this.key ??= this.load()))(payload)).subarray(0, 16);
  }

  async encode(offset: number, fingerprint: string): Promise<string> {
    return this.sign(`v1:${fingerprint}:${offset}`);
  }

  /** A cursor of a sharded search: every shard's position after the edge (scatter-gather.ts's `encodePositions`), signed like an offset. */
  async encodePositions(positions: readonly number[], fingerprint: string): Promise<string> {
    return this.sign(`v2:${fingerprint}:${encodePositions(positions)}`);
  }

  /** The shards' positions a sharded search's cursor carries; BAD_USER_INPUT for a malformed, forged or foreign cursor, or one of another shard count. */
  async decodePositions(cursor: string, fingerprint: string, shards: number): Promise<number[]> {
    const m = await this.verify(cursor, MAX_POSITIONS_CURSOR, /^v2:([0-9a-f]{8}):([A-Za-z0-9_-]{1,500})$/);
    if (m[1] !== fingerprint) throw badInput('the cursor belongs to another query', { argument: 'after' });
    const positions = decodePositions(m[2]!, shards);
    if (!positions) throw badInput('the cursor is malformed', { argument: 'after' });
    return positions;
  }

  private async sign(text: string): Promise<string> {
    const known = this.signed.peek(text);
    if (known !== undefined) return known;
    const key = (this.key ??= this.load());
    const payload = encoder.encode(text);
    const cursor = `${toBase64Url(payload)}.${toBase64Url(await this.signature(payload))}`;
    // Kept only if the key it was signed with is still the codec's (a reload clears what was kept).
    if (this.key === key) this.signed.set(text, cursor);
    return cursor;
  }

  /** The offset a cursor points at; BAD_USER_INPUT for a malformed, forged or foreign cursor. */
  async decode(cursor: string, fingerprint: string): Promise<number> {
    const m = await this.verify(cursor, 400, /^v1:([0-9a-f]{8}):(\d{1,9})$/);
    if (m[1] !== fingerprint) throw badInput('the cursor belongs to another query', { argument: 'after' });
    return Number(m[2]);
  }

  /** The signed text's match of `format`, once the signature is checked; BAD_USER_INPUT for anything else (longer than `maxLength`: refused unread). */
  private async verify(cursor: string, maxLength: number, format: RegExp): Promise<RegExpExecArray> {
    // A cursor this codec wrote is under 100 characters (a sharded one, under 800): anything far longer is refused unread.
    if (cursor.length > maxLength) throw badInput('the cursor is malformed', { argument: 'after' });
    const [body, signature, ...rest] = cursor.split('.');
    const payload = body && fromBase64Url(body);
    const mac = signature && fromBase64Url(signature);
    const m = payload && format.exec(new TextDecoder().decode(payload));
    if (!m || !mac || mac.length !== 16 || rest.length) throw badInput('the cursor is malformed', { argument: 'after' });
    let valid = equal(await this.signature(payload), mac);
    // Another instance may have stored the shared key after this one read it: read it again, now and then.
    if (!valid && !this.options.secret && this.options.store && this.now() - this.loadedAt > RELOAD_MS) {
      this.key = this.load();
      valid = equal(await this.signature(payload), mac);
    }
    if (!valid) throw badInput('the cursor is not one this gateway issued', { argument: 'after' });
    return m;
  }
}

/** Compares two 16-byte MACs in constant time. */
function equal(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < 16; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** A short, stable fingerprint of a query's shape (FNV-1a, 32 bits). */
export function fingerprint(value: unknown): string {
  let hash = 0x811c9dc5;
  const text = JSON.stringify(value);
  // By code point, as cursors already issued were hashed; a loop over code units allocates nothing.
  for (let i = 0; i < text.length; i++) {
    let point = text.charCodeAt(i);
    if (point >= 0xd800 && point < 0xdc00 && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        point = 0x10000 + ((point - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    hash ^= point;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
