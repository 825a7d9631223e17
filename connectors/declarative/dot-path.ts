/**
 * How deep a value read by a dot path is unwrapped: arrays nested deeper than this are left as the
 * source wrote them, never walked, so a record nested 100,000 arrays deep costs no more than one
 * nested 32 deep (and cannot exhaust the stack). No catalogue field needs more than two or three.
 */
export const MAX_NESTING_DEPTH = 32;

/**
 * The value at a dot path (`data.items`, `maker.name`, `photos.0`); numeric segments index
 * arrays, and an XML element's text (`#text`) stands for the element. Undefined when absent.
 * Own properties only: `constructor` or `__proto__` in a path finds nothing a record did not write.
 */
export function valueAt(value: unknown, path: string): unknown {
  let current: unknown = value;
  // Segment by segment without splitting: every field of every record is read through here.
  for (let from = 0; ; ) {
    const dot = path.indexOf('.', from);
    const segment = dot < 0 ? (from === 0 ? path : path.slice(from)) : path.slice(from, dot);
    if (current === undefined || current === null) return undefined;
    if (Array.isArray(current) && isIndex(segment)) current = current[Number(segment)];
    else if (typeof current === 'object' && Object.hasOwn(current, segment)) current = (current as Record<string, unknown>)[segment];
    else return undefined;
    if (dot < 0) break;
    from = dot + 1;
  }
  return unwrapText(current, 0);
}

/** A numeric segment: digits only, checked without a regular expression. */
function isIndex(segment: string): boolean {
  if (segment === '' || segment.length > 10) return false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function unwrapText(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return depth >= MAX_NESTING_DEPTH ? value : value.map((item) => unwrapText(item, depth + 1));
  if (value && typeof value === 'object' && Object.hasOwn(value, '#text')) return (value as Record<string, unknown>)['#text'];
  return value;
}
