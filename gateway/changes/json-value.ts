/** Most levels of nesting a stored JSON value may have. */
export const MAX_JSON_DEPTH = 32;

/**
 * True for a JSON value: a string, a finite number, a boolean, null, or an array or plain object of
 * them, at most MAX_JSON_DEPTH levels deep. Checked by hand rather than by a recursive zod union:
 * every stored event and state row passes here when read back, and the union was most of the cost.
 */
export function isJsonValue(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (depth >= MAX_JSON_DEPTH || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isJsonValue(item, depth + 1)) return false;
    return true;
  }
  for (const key in value) if (Object.hasOwn(value, key) && !isJsonValue((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}
