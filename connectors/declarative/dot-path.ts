/**
 * The value at a dot path (`data.items`, `maker.name`, `photos.0`); numeric segments index
 * arrays, and an XML element's text (`#text`) stands for the element. Undefined when absent.
 */
export function valueAt(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const segment of path.split('.')) {
    if (current === undefined || current === null) return undefined;
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (typeof current === 'object') current = (current as Record<string, unknown>)[segment];
    else return undefined;
  }
  return unwrapText(current);
}

function unwrapText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapText);
  if (value && typeof value === 'object' && '#text' in value) return (value as Record<string, unknown>)['#text'];
  return value;
}
