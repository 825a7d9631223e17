import { toBase64Url } from '../encoding/base64url';
const encoder = new TextEncoder();

/**
 * SHA-256 of a text (UTF-8) via crypto.subtle, the first `bytes` bytes in base64url: 16 bytes
 * (128 bits, 22 characters) keep ids short while a collision stays out of reach.
 * @default bytes 16
 */
export async function digest(text: string, bytes = 16): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return toBase64Url(hash.subarray(0, bytes));
}

/**
 * A fast 64-bit hash of a text's UTF-16 code units (two 32-bit multiply-xorshift lanes, after
 * cyrb53, with the whole of both lanes kept), as 16 hex digits. It only tells one state of a
 * product from another, synchronously, at about a microsecond a kilobyte where crypto.subtle costs
 * a hundred or more per call; ids, which must not collide across products, stay SHA-256.
 */
export function fastHash(text: string): string {
  fastHashInto(text, LANES, 0);
  return hexOfLanes(LANES, 0);
}

const LANES = new Uint32Array(2);

/**
 * The same two lanes over bytes, four at a time (little-endian words, the tail's bytes one each): a
 * harvest digests each product's UTF-8 JSON as its block is built, at a quarter of the steps a
 * text's code units take. Not the same value as fastHashInto of the text.
 */
export function fastHashBytesInto(bytes: Uint8Array, out: Uint32Array, at: number): void {
  let h1 = 0xdeadbeef ^ bytes.length;
  let h2 = 0x41c6ce57 ^ bytes.length;
  const words = bytes.length >>> 2;
  if ((bytes.byteOffset & 3) === 0) {
    const view = new Int32Array(bytes.buffer, bytes.byteOffset, words);
    for (let i = 0; i < words; i++) {
      const w = view[i]!;
      h1 = Math.imul(h1 ^ w, 2654435761);
      h2 = Math.imul(h2 ^ w, 1597334677);
    }
  } else {
    for (let i = 0; i < words; i++) {
      const j = 4 * i;
      const w = bytes[j]! | (bytes[j + 1]! << 8) | (bytes[j + 2]! << 16) | (bytes[j + 3]! << 24);
      h1 = Math.imul(h1 ^ w, 2654435761);
      h2 = Math.imul(h2 ^ w, 1597334677);
    }
  }
  for (let j = 4 * words; j < bytes.length; j++) {
    h1 = Math.imul(h1 ^ bytes[j]!, 2654435761);
    h2 = Math.imul(h2 ^ bytes[j]!, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[at] = h2 >>> 0;
  out[at + 1] = h1 >>> 0;
}

/** fastHash's two 32-bit lanes of a text, into out[at] and out[at + 1]: a table of digests packed 8 bytes each. */
export function fastHashInto(text: string, out: Uint32Array, at: number): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[at] = h2 >>> 0;
  out[at + 1] = h1 >>> 0;
}

/** The 16 hex digits of the lanes fastHashInto wrote at `at` (what fastHash answers). */
export function hexOfLanes(lanes: Uint32Array, at: number): string {
  return lanes[at]!.toString(16).padStart(8, '0') + lanes[at + 1]!.toString(16).padStart(8, '0');
}

/** The length in bytes of a text as UTF-8, without encoding it. */
export function utf8Length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) length += 1;
    else if (code < 0x800) length += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 4;
        i++;
      } else length += 3;
    } else length += 3;
  }
  return length;
}

/** JSON with object keys sorted at every depth: equal values give equal texts. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
