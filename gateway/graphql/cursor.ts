import { badInput } from '../errors';

/**
 * Opaque page cursors: a position in one query's result, bound to that query by a fingerprint,
 * so a cursor from another query (or a hand-made one) is BAD_USER_INPUT rather than a wrong page.
 */
export function encodeCursor(offset: number, fingerprint: string): string {
  return toBase64Url(`v1:${fingerprint}:${offset}`);
}

/** The offset a cursor points at; throws BAD_USER_INPUT for a malformed or foreign cursor. */
export function decodeCursor(cursor: string, fingerprint: string): number {
  const m = /^v1:([0-9a-f]{8}):(\d{1,9})$/.exec(fromBase64Url(cursor) ?? '');
  if (!m) throw badInput('the cursor is malformed', { argument: 'after' });
  if (m[1] !== fingerprint) throw badInput('the cursor belongs to another query', { argument: 'after' });
  return Number(m[2]);
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

function toBase64Url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  try {
    return atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
}
