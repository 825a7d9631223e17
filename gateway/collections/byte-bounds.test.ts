import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every cache and memo is bounded by bytes, key space included (docs/decisions/0002-libraries.md): a BoundedMap
 * or TupleMemo made with a bare entry count, anywhere in gateway/, is a cache a flood of long keys
 * can grow.
 */
const ROOT = resolve(import.meta.dirname, '../..');
/** `new BoundedMap(` or `new TupleMemo(`, type arguments allowed, whose first argument is not an options object. */
const ENTRY_BOUND = /new (?:BoundedMap|TupleMemo)\s*(?:<(?:[^<>]|<[^<>]*>)*>)?\(\s*(?!\{)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('byte bounds', () => {
  it('finds a bare entry count however the constructor is written', () => {
    for (const text of ['new BoundedMap(16)', 'new BoundedMap<string, { a: Map<string, number> }>(max)', 'new TupleMemo<string>(\n  4096)']) {
      expect(text.match(ENTRY_BOUND), text).not.toBeNull();
    }
    expect('new BoundedMap<string, string>({ maxEntries: 1, maxBytes: 2 })'.match(ENTRY_BOUND)).toBeNull();
  });

  it('every BoundedMap and TupleMemo in gateway/ is given a byte bound', () => {
    const offenders = sourceFiles(join(ROOT, 'gateway'))
      .filter((file) => !file.endsWith(join('collections', 'bounded-map.ts')) && !file.endsWith(join('collections', 'tuple-memo.ts')))
      .filter((file) => ENTRY_BOUND.test(readFileSync(file, 'utf8').replace(/^\s*(?:\/\/|\*).*$/gm, '')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });
});
