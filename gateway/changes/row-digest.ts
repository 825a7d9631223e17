import { DEFAULT_DESTINATIONS } from './compliance-watch';
import { fastHashBytesInto, hexOfLanes } from './digest';
import { certificatesOf, type StateRow } from './product-state';

/**
 * What a harvest and a sweep read of every row first: a few dozen bytes instead of the row's
 * fields. A harvest compares `source` with each product's digest and reads whole rows only for
 * those that differ; a sweep reads whole rows only for those `due` by its horizon, and a budget's
 * worth of `unrecorded` ones. Stores keep it beside each row, written with it.
 */
export interface RowDigest {
  version: number;
  /** The row's content hash; '' for a tombstone. */
  hash: string;
  /** `sourceDigest` of the product's JSON as last recorded ('' when unknown). */
  source: string;
  removed: boolean;
  /** Compliance not yet recorded for every followed destination: the sweep's to evaluate. */
  unrecorded: boolean;
  /**
   * The earliest validUntil (YYYY-MM-DD) the sweep may still act on: of the certificates expiring
   * on or after the day the row was last evaluated (any, before its first evaluation), whose
   * announcement or passing is still to come. '' when there is none. A sweep reads the row once
   * `due` is within its notice horizon.
   */
  due: string;
}

const encoder = new TextEncoder();
const LANES = new Uint32Array(2);

/** The digest of a product's JSON text: its UTF-8 bytes' (sourceDigestOfBytes). */
export function sourceDigest(json: string): string {
  return sourceDigestOfBytes(encoder.encode(json));
}

/** The digest of a product's JSON as UTF-8 bytes (as a harvest encodes it, or as a snapshot's document block holds it). */
export function sourceDigestOfBytes(bytes: Uint8Array): string {
  fastHashBytesInto(bytes, LANES, 0);
  return hexOfLanes(LANES, 0);
}

/** The digest of a row (see RowDigest). */
export function digestOf(row: StateRow): RowDigest {
  const removed = !!row.removedAt;
  const unrecorded = !removed && (!row.compliance || DEFAULT_DESTINATIONS.some((d) => !row.compliance![d]));
  let due = '';
  if (!removed) {
    // A validUntil before the last evaluation has been acted on (announced or not, it can be neither now).
    const floor = row.evaluatedOn ?? '';
    for (const cert of certificatesOf(row.fields)) {
      const until = cert.validUntil;
      if (until && until >= floor && (due === '' || until < due)) due = until;
    }
  }
  return { version: row.version, hash: row.hash, source: row.source ?? '', removed, unrecorded, due };
}

/** A digest as stored: `version|hash|source|flags|due`, flags `r` removed, `u` unrecorded. */
export function encodeDigest(digest: RowDigest): string {
  const flags = `${digest.removed ? 'r' : ''}${digest.unrecorded ? 'u' : ''}`;
  return `${digest.version}|${digest.hash}|${digest.source}|${flags}|${digest.due}`;
}

/** A stored digest read back; anything else throws (a store's data is checked as it comes back). */
export function decodeDigest(text: string): RowDigest {
  // Checked by hand, field by field: a re-harvest decodes one per product (a regular expression's
  // match array and its six strings were most of that cost, and garbage kept for the whole recording).
  const a = text.length <= 160 ? text.indexOf('|') : -1;
  const b = a > 0 ? text.indexOf('|', a + 1) : -1;
  const c = b > 0 ? text.indexOf('|', b + 1) : -1;
  const d = c > 0 ? text.indexOf('|', c + 1) : -1;
  const flags = d - c - 1;
  const r = flags > 0 && text.charCodeAt(c + 1) === 114;
  const u = flags > 0 && text.charCodeAt(d - 1) === 117;
  const due = d > 0 ? text.slice(d + 1) : '';
  if (
    d < 0 ||
    a > 15 ||
    !digitsOnly(text, 0, a) ||
    b - a - 1 > 64 ||
    c - b - 1 > 32 ||
    flags !== Number(r) + Number(u) ||
    text.indexOf('|', d + 1) !== -1 ||
    (due !== '' && !isDay(due))
  ) {
    throw new Error(`not a stored row digest: ${JSON.stringify(text.slice(0, 80))}`);
  }
  return { version: Number(text.slice(0, a)), hash: text.slice(a + 1, b), source: text.slice(b + 1, c), removed: r, unrecorded: u, due };
}

/** Whether text[from, to) is digits only. */
function digitsOnly(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Whether a text is YYYY-MM-DD in digits. */
function isDay(text: string): boolean {
  return text.length === 10 && text[4] === '-' && text[7] === '-' && digitsOnly(text, 0, 4) && digitsOnly(text, 5, 7) && digitsOnly(text, 8, 10);
}
