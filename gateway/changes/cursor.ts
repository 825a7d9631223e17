import { toBase64Url as base64url } from '../encoding/base64url';
import { InvalidCursorError } from './errors';

/**
 * A position in one economy's stream, `<ms>-<seq>` as Redis Streams writes it: the time the entry
 * was written and its order within that millisecond.
 */
export type StreamId = string;

/** Where a reader stands: per economy, the last entry it has seen; an economy not named is read from its start. */
export type Positions = ReadonlyMap<string, StreamId>;

const MAX_CURSOR_LENGTH = 2048;
const ECONOMY = /^[A-Z]{2}$/;
const ID = /^\d{1,15}-\d{1,15}$/;

/** The id before any entry. */
export const ORIGIN_ID: StreamId = '0-0';

/** Compares two stream ids numerically: negative when `a` comes first. */
export function compareIds(a: StreamId, b: StreamId): number {
  // Called for every entry a read merges: two slices each, no arrays.
  const ai = a.indexOf('-');
  const bi = b.indexOf('-');
  return Number(a.slice(0, ai)) - Number(b.slice(0, bi)) || Number(a.slice(ai + 1)) - Number(b.slice(bi + 1));
}

/** An opaque cursor: base64url of `JP=<id>;MY=<id>`, economies sorted, so equal positions give equal cursors. */
export function encodeCursor(positions: Positions): string {
  const names = [...positions.keys()].sort();
  let text = '';
  for (const name of names) text += `${text ? ';' : ''}${name}=${positions.get(name)}`;
  // Economy codes and stream ids are ASCII, so the text is its own bytes: btoa takes it as it is
  // (one string, no byte array); anything else goes the long way, to the same encoding.
  if (!/^[\x20-\x7e]*$/.test(text)) return `c1.${base64url(new TextEncoder().encode(text))}`;
  const padded = btoa(text);
  let end = padded.length;
  while (end > 0 && padded.charCodeAt(end - 1) === 61 /* = */) end--;
  return `c1.${padded.slice(0, end).replaceAll('+', '-').replaceAll('/', '_')}`;
}

/** The positions of a cursor; anything this log did not issue throws InvalidCursorError (linear in its length, bounded). */
export function decodeCursor(cursor: string): Map<string, StreamId> {
  if (cursor.length > MAX_CURSOR_LENGTH) throw new InvalidCursorError('too long');
  if (!cursor.startsWith('c1.') || !/^[A-Za-z0-9_-]*$/.test(cursor.slice(3))) throw new InvalidCursorError('not base64url');
  let text: string;
  try {
    text = atob(cursor.slice(3).replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    throw new InvalidCursorError('not base64url');
  }
  const positions = new Map<string, StreamId>();
  if (text === '') return positions;
  for (const part of text.split(';')) {
    const [economy, id, extra] = part.split('=');
    if (extra !== undefined || !economy || !id || !ECONOMY.test(economy) || !ID.test(id)) throw new InvalidCursorError('malformed position');
    if (positions.has(economy)) throw new InvalidCursorError('an economy named twice');
    positions.set(economy, id);
  }
  return positions;
}
