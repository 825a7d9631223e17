import { z } from 'zod';
import type { CheckStatus, ComplianceStatus } from '../compliance/evaluate';
import { canonicalJson, fastHash, utf8Length } from './digest';
import { isJsonValue } from './json-value';
import type { JsonValue } from './event';

/** Where a record came from and when, not what it says: never part of its state (`fetchedAt` is not a change). */
const PROVENANCE = new Set(['id', 'connector', 'localId', 'economy', 'fetchedAt']);
/** Arrays whose order means nothing: kept sorted, so that a source reordering them changes nothing. */
const SETS = new Set(['allergens', 'labelLanguages']);

/** A destination's recorded compliance: its status and the checks that WARN, are MISSING or EXPIRED. */
export interface DestinationState {
  status: ComplianceStatus;
  failing: Record<string, CheckStatus>;
}

/** What the log remembers of one product between harvests: the last recorded state, beside the log. */
export interface StateRow {
  productId: string;
  /** The version of its latest event (0 before any). */
  version: number;
  /** The content hash of its state; empty once removed. */
  hash: string;
  /** The flat state, path → value; long values elided (see `productState`). */
  fields: Record<string, JsonValue>;
  /**
   * The digest of the product's JSON as last recorded (`sourceDigest`): a harvest that finds it
   * unchanged needs neither the row's fields nor the product's state. Absent: unknown.
   */
  source?: string;
  /** RFC 3339: when it was removed (a tombstone keeps the version rising if it comes back). */
  removedAt?: string;
  /** Certificates already announced as expiring (`certificateKey`), so each is announced once. */
  noticed?: string[];
  /** Per tracked destination, the status last recorded. */
  compliance?: Record<string, DestinationState>;
  /** The day (YYYY-MM-DD) `compliance` was evaluated on. */
  evaluatedOn?: string;
}

/** A product's state: its flat fields and the hash of everything they say. */
export interface ProductState {
  hash: string;
  fields: Record<string, JsonValue>;
}

/** How much of a product a state row keeps. */
export interface StateBounds {
  /** A value longer than this (UTF-8 bytes of its JSON) is kept as its digest and length. @default 512 */
  maxValueBytes?: number;
  /** The fields of a row in all; past it, the largest top-level fields are kept as digests whole. @default 16384 */
  maxFieldsBytes?: number;
}

/** The most bytes an encoded row may have; a longer one read back from a store is refused. */
export const MAX_ROW_BYTES = 65_536;
/** The most certificates a row remembers announcing; the oldest notices are forgotten first. */
export const MAX_NOTICED = 32;

/** A value kept only as its digest: a story or an image list too long to keep in every row. */
export interface ElidedValue {
  $elided: string;
  bytes: number;
}

/**
 * The state of a canonical product, as change detection compares it: a flat map of path → JSON
 * value (`price.amount`, `name.vi`, `certifications.HALAL.validUntil`), with provenance left out,
 * certificates keyed by scheme (a second of one scheme is `SCHEME#2`), other arrays kept whole, and
 * a 64-bit content hash of it all (fastHash: a harvest hashes every product, unchanged or not). Values longer than `maxValueBytes` are kept as their digest,
 * and past `maxFieldsBytes` whole top-level fields are: a row stays small however large the
 * product, and a change to an elided value still shows (as a different digest).
 */
export function productState(product: object, bounds: StateBounds = {}): ProductState {
  const { maxValueBytes = 512, maxFieldsBytes = 16_384 } = bounds;
  const full: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(product)) {
    // An empty list says what an absent one says: no images is not a change from none.
    if (PROVENANCE.has(key) || value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    if (key === 'certifications' && Array.isArray(value)) flattenCertificates(value, full);
    else if (SETS.has(key) && Array.isArray(value)) full[key] = [...(value as string[])].sort();
    else flatten(key, value as JsonValue, full);
  }
  const paths = Object.keys(full).sort();
  const fields: Record<string, JsonValue> = {};
  const sizeOf: number[] = new Array(paths.length);
  let total = 0;
  let hashed = '';
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    const value = full[path]!;
    const text = typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value);
    hashed += `${path}\u0000${text}\u0001`;
    const bytes = utf8Length(text);
    const kept = bytes > maxValueBytes ? elide(text, bytes) : value;
    fields[path] = kept;
    const size = utf8Length(path) + (kept === value ? bytes : 40) + 4;
    sizeOf[i] = size;
    total += size;
  }
  // Within the bound (nearly every product), the row is done: the groups below are for the rest.
  if (total <= maxFieldsBytes) return { hash: fastHash(hashed), fields };
  const sizes = new Map<string, number>();
  paths.forEach((path, i) => {
    const dot = path.indexOf('.');
    const top = dot < 0 ? path : path.slice(0, dot);
    sizes.set(top, (sizes.get(top) ?? 0) + sizeOf[i]!);
  });
  // Past the bound, the largest top-level fields go whole, each to one digest, until the row fits.
  const groups = [...sizes].sort((a, b) => b[1] - a[1]);
  let collapsed = false;
  for (const [top, size] of groups) {
    if (total <= maxFieldsBytes) break;
    const members = paths.filter((p) => p === top || p.startsWith(`${top}.`));
    const text = canonicalJson(members.map((p) => [p, full[p]]));
    for (const p of members) delete fields[p];
    fields[top] = elide(text, utf8Length(text));
    total -= size - 60;
    collapsed = true;
  }
  if (collapsed) return { hash: fastHash(hashed), fields: sortKeys(fields) };
  return { hash: fastHash(hashed), fields };
}

function elide(text: string, bytes: number): JsonValue {
  return { $elided: fastHash(text), bytes } satisfies ElidedValue as unknown as JsonValue;
}

function flatten(path: string, value: JsonValue, into: Record<string, JsonValue>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined && inner !== null) flatten(`${path}.${key}`, inner, into);
  } else into[path] = value;
}

interface CertificateLike {
  scheme: string;
  id?: string;
  issuer?: string;
  validUntil?: string;
}

/** Certificates by scheme (`certifications.HALAL.*`); several of one scheme, in a stable order, `HALAL#2`... */
function flattenCertificates(list: readonly CertificateLike[], into: Record<string, JsonValue>): void {
  const order = (c: CertificateLike) => `${c.id ?? ''}\u0000${c.issuer ?? ''}\u0000${c.validUntil ?? ''}`;
  const byScheme = new Map<string, CertificateLike[]>();
  for (const c of list) byScheme.set(c.scheme, [...(byScheme.get(c.scheme) ?? []), c]);
  for (const [scheme, certs] of byScheme) {
    certs.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
    certs.forEach((c, i) => {
      const base = `certifications.${i === 0 ? scheme : `${scheme}#${i + 1}`}`;
      for (const [key, value] of Object.entries(c)) if (value !== undefined) into[`${base}.${key}`] = value;
    });
  }
}

function sortKeys(fields: Record<string, JsonValue>): Record<string, JsonValue> {
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A certificate as a row knows it: its key in paths (`HALAL`, `HALAL#2`) and what identifies it. */
export interface RowCertificate {
  key: string;
  scheme: string;
  id: string | null;
  validUntil: string | null;
}

/** The certificates a row's fields name, from their `certifications.<key>.*` paths. */
export function certificatesOf(fields: Record<string, JsonValue>): RowCertificate[] {
  const found = new Map<string, RowCertificate>();
  for (const [path, value] of Object.entries(fields)) {
    // Every sweep walks every row: most paths are not certificates, and a prefix test is cheaper than the pattern.
    if (!path.startsWith('certifications.')) continue;
    const match = /^certifications\.([^.]+)\.(scheme|id|validUntil)$/.exec(path);
    if (!match) continue;
    const key = match[1]!;
    const cert = found.get(key) ?? { key, scheme: key.split('#')[0]!, id: null, validUntil: null };
    if (match[2] === 'id' && typeof value === 'string') cert.id = value;
    if (match[2] === 'validUntil' && typeof value === 'string') cert.validUntil = value;
    found.set(key, cert);
  }
  const rank = (c: RowCertificate) => Number(c.key.split('#')[1] ?? 1);
  return [...found.values()].sort((a, b) => (a.scheme < b.scheme ? -1 : a.scheme > b.scheme ? 1 : rank(a) - rank(b)));
}

/** The schemes of the certificates a row's fields name. */
export function schemesOf(fields: Record<string, JsonValue>): string[] {
  return [...new Set(certificatesOf(fields).map((c) => c.scheme))].sort();
}

/** What names one certificate for its expiry notice: a renewed certificate (a new validUntil) is another. */
export function certificateKey(cert: RowCertificate): string {
  return `${cert.scheme}|${cert.id ?? ''}|${cert.validUntil ?? ''}`;
}

/**
 * A row's fields as stored: paths of at most 400 characters to JSON values. Checked by hand rather
 * than by a recursive zod union: a harvest reads every row of its connector, and this is most of it.
 */
function isFieldMap(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key.length > 400 || !isJsonValue((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}

const CHECK_STATUS = z.enum(['PASS', 'WARN', 'MISSING', 'EXPIRED', 'NOT_APPLICABLE']);
const Row = z.strictObject({
  productId: z.string().min(1).max(200),
  version: z.int().nonnegative(),
  hash: z.string().max(64),
  fields: z.custom<Record<string, JsonValue>>(isFieldMap, 'not a map of paths to JSON values'),
  source: z.string().max(32).optional(),
  removedAt: z.string().max(40).optional(),
  noticed: z.array(z.string().max(300)).max(MAX_NOTICED).optional(),
  compliance: z
    .record(
      z.string().regex(/^[A-Z]{2}$/),
      z.strictObject({ status: z.enum(['READY', 'GAPS', 'BLOCKED']), failing: z.record(z.string().max(80), CHECK_STATUS) }),
    )
    .optional(),
  evaluatedOn: z.iso.date().optional(),
});

/** A row as stored: JSON, at most MAX_ROW_BYTES (a larger row is a bug, and throws). */
export function encodeRow(row: StateRow): string {
  const text = JSON.stringify(row);
  if (utf8Length(text) > MAX_ROW_BYTES) throw new Error(`state row of ${row.productId} exceeds ${MAX_ROW_BYTES} bytes`);
  return text;
}

/** A row read back from a store, checked by its schema; anything else (too long, malformed) throws. */
export function decodeRow(text: string): StateRow {
  if (text.length > MAX_ROW_BYTES) throw new Error(`a stored state row exceeds ${MAX_ROW_BYTES} bytes`);
  return Row.parse(JSON.parse(text)) as StateRow;
}
