import { canonicalJson } from './digest';
import type { FieldChange, JsonValue } from './event';

/**
 * The fields that differ between two flat states, in path order: a path one side lacks is null
 * there. Values compare by their canonical JSON, so key order inside a value means nothing. Flat
 * states make this a walk over two key sets, linear in their size: no diff library is needed.
 */
export function diffStates(before: Record<string, JsonValue>, after: Record<string, JsonValue>): FieldChange[] {
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const a = before[path] ?? null;
    const b = after[path] ?? null;
    if (a === b || canonicalJson(a) === canonicalJson(b)) continue;
    changes.push({ path, before: a, after: b });
  }
  return changes;
}
