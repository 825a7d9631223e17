import { utf8Length } from './digest';
import { isJsonValue } from './json-value';
import { CHANGE_ASPECTS, PRODUCT_CHANGE_TYPES, type ProductChange } from './event';

/** The most bytes an encoded event may have: rows elide long values, so a real event is far smaller. */
export const MAX_EVENT_BYTES = 131_072;

const TYPES: ReadonlySet<unknown> = new Set(PRODUCT_CHANGE_TYPES);
const ASPECTS: ReadonlySet<unknown> = new Set(CHANGE_ASPECTS);
const STATUSES: ReadonlySet<unknown> = new Set(['READY', 'GAPS', 'BLOCKED']);
const LEVELS: ReadonlySet<unknown> = new Set(['MANDATORY', 'RECOMMENDED', 'PROCEDURE']);
const CHECK_STATUSES: ReadonlySet<unknown> = new Set(['PASS', 'WARN', 'MISSING', 'EXPIRED', 'NOT_APPLICABLE']);
const CHANGE_KEYS = [
  'id',
  'type',
  'occurredAt',
  'productId',
  'economy',
  'connector',
  'version',
  'aspects',
  'changes',
  'compliance',
  'category',
  'certifications',
];
const FIELD_KEYS = ['path', 'before', 'after'];
const TRANSITION_KEYS = ['destination', 'from', 'to', 'checks', 'effectiveAt'];
const CHECK_KEYS = ['code', 'level', 'requirement', 'status', 'detail', 'reference', 'lastChecked'];

/** An event as stored: JSON, at most MAX_EVENT_BYTES (a larger one is a writer's bug, and throws). */
export function encodeChange(change: ProductChange): string {
  const text = JSON.stringify(change);
  if (utf8Length(text) > MAX_EVENT_BYTES) throw new Error(`event ${change.id} exceeds ${MAX_EVENT_BYTES} bytes`);
  return text;
}

/**
 * An event read back from a store, checked member by member against ProductChange (no member
 * missing, none more, each of its type and bounds); anything else throws. Checked by hand: every
 * event a reader serves passes here, and a zod schema was a large part of a page's cost.
 */
export function decodeChange(text: string): ProductChange {
  if (text.length > MAX_EVENT_BYTES) throw new Error(`a stored event exceeds ${MAX_EVENT_BYTES} bytes`);
  const value: unknown = JSON.parse(text);
  const problem = changeProblem(value);
  if (problem) throw new Error(`a stored event is malformed: ${problem}`);
  return value as ProductChange;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown, min = 0, max = Number.POSITIVE_INFINITY): value is string =>
  typeof value === 'string' && value.length >= min && value.length <= max;

/** Names a member that is not as `keys` say: one missing (unless optional) or one more. */
function keysProblem(value: Record<string, unknown>, keys: readonly string[], optional: readonly string[] = []): string | null {
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!keys.includes(key)) return `unexpected member ${JSON.stringify(key.slice(0, 40))}`;
    count++;
  }
  for (const key of keys) if (!Object.hasOwn(value, key) && !optional.includes(key)) return `missing member ${key}`;
  return count > keys.length ? 'too many members' : null;
}

/** What is wrong with a stored event, or null when it is a ProductChange. */
function changeProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not an object';
  const keys = keysProblem(value, CHANGE_KEYS);
  if (keys) return keys;
  const c = value;
  if (!isString(c.id, 1, 64)) return 'id';
  if (!TYPES.has(c.type)) return 'type';
  if (!isString(c.occurredAt, 0, 40)) return 'occurredAt';
  if (!isString(c.productId, 1, 200)) return 'productId';
  if (!isString(c.economy) || !/^[A-Z]{2}$/.test(c.economy)) return 'economy';
  if (!isString(c.connector, 1, 64)) return 'connector';
  if (!Number.isSafeInteger(c.version) || (c.version as number) <= 0) return 'version';
  if (!Array.isArray(c.aspects) || !c.aspects.every((a) => ASPECTS.has(a))) return 'aspects';
  if (!Array.isArray(c.changes)) return 'changes';
  for (const field of c.changes) {
    if (!isObject(field) || keysProblem(field, FIELD_KEYS) || !isString(field.path)) return 'changes: a field change';
    if (!isJsonValue(field.before) || !isJsonValue(field.after)) return 'changes: not a JSON value';
  }
  if (c.compliance !== null) {
    const t = c.compliance;
    if (!isObject(t) || keysProblem(t, TRANSITION_KEYS)) return 'compliance';
    if (!isString(t.destination) || !(t.from === null || STATUSES.has(t.from)) || !STATUSES.has(t.to) || !isString(t.effectiveAt)) return 'compliance';
    if (!Array.isArray(t.checks)) return 'compliance.checks';
    for (const check of t.checks) {
      if (!isObject(check) || keysProblem(check, CHECK_KEYS, ['lastChecked'])) return 'compliance.checks';
      if (!isString(check.code) || !LEVELS.has(check.level) || !isString(check.requirement) || !CHECK_STATUSES.has(check.status)) return 'compliance.checks';
      if (!(check.detail === null || isString(check.detail)) || !isString(check.reference)) return 'compliance.checks';
      if (check.lastChecked !== undefined && !isString(check.lastChecked)) return 'compliance.checks';
    }
  }
  if (!(c.category === null || isString(c.category))) return 'category';
  if (!Array.isArray(c.certifications) || !c.certifications.every((s) => isString(s))) return 'certifications';
  return null;
}
