import { z } from 'zod';
import { utf8Length } from './digest';
import { isJsonValue } from './json-value';
import { CHANGE_ASPECTS, type JsonValue, PRODUCT_CHANGE_TYPES, type ProductChange } from './event';

/** The most bytes an encoded event may have: rows elide long values, so a real event is far smaller. */
export const MAX_EVENT_BYTES = 131_072;

/** A JSON value, checked by hand (json-value.ts): the recursive zod union was most of a read's cost. */
const Json = z.custom<JsonValue>((value) => value !== undefined && isJsonValue(value), 'not a JSON value');
const Status = z.enum(['READY', 'GAPS', 'BLOCKED']);
const Check = z.strictObject({
  code: z.string(),
  level: z.enum(['MANDATORY', 'RECOMMENDED', 'PROCEDURE']),
  requirement: z.string(),
  status: z.enum(['PASS', 'WARN', 'MISSING', 'EXPIRED', 'NOT_APPLICABLE']),
  detail: z.string().nullable(),
  reference: z.string(),
  lastChecked: z.string().optional(),
});
const Change = z.strictObject({
  id: z.string().min(1).max(64),
  type: z.enum(PRODUCT_CHANGE_TYPES),
  occurredAt: z.string().max(40),
  productId: z.string().min(1).max(200),
  economy: z.string().regex(/^[A-Z]{2}$/),
  connector: z.string().min(1).max(64),
  version: z.int().positive(),
  aspects: z.array(z.enum(CHANGE_ASPECTS)),
  changes: z.array(z.strictObject({ path: z.string(), before: Json, after: Json })),
  compliance: z.strictObject({ destination: z.string(), from: Status.nullable(), to: Status, checks: z.array(Check), effectiveAt: z.string() }).nullable(),
  category: z.string().nullable(),
  certifications: z.array(z.string()),
});

/** An event as stored: JSON, at most MAX_EVENT_BYTES (a larger one is a writer's bug, and throws). */
export function encodeChange(change: ProductChange): string {
  const text = JSON.stringify(change);
  if (utf8Length(text) > MAX_EVENT_BYTES) throw new Error(`event ${change.id} exceeds ${MAX_EVENT_BYTES} bytes`);
  return text;
}

/** An event read back from a store, checked by its schema; anything else throws. */
export function decodeChange(text: string): ProductChange {
  if (text.length > MAX_EVENT_BYTES) throw new Error(`a stored event exceeds ${MAX_EVENT_BYTES} bytes`);
  return Change.parse(JSON.parse(text)) as ProductChange;
}
