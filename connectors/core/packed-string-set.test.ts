import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedStringSet } from './packed-string-set';

describe('PackedStringSet', () => {
  it('answers as a Set would, through growth (empty, long and non-Latin strings included)', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ minLength: 120, maxLength: 300 }),
      fc.constantFrom('', 'A-1', 'A-10', 'น้ำผึ้ง', '😀'),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 3000 }), fc.array(value, { maxLength: 50 }), (added, asked) => {
        const set = new PackedStringSet();
        const reference = new Set<string>();
        for (const v of added) expect(set.add(v)).toBe(!reference.has(v) && !!reference.add(v));
        expect(set.size).toBe(reference.size);
        for (const v of [...added, ...asked]) expect(set.has(v)).toBe(reference.has(v));
      }),
      { numRuns: 60 },
    );
  });

  it('holds a string longer than a chunk, between short ones', () => {
    const set = new PackedStringSet();
    const long = 'x'.repeat(70_000);
    for (const v of ['a', long, 'b', `${long}y`]) expect(set.add(v)).toBe(true);
    for (const v of ['a', long, 'b', `${long}y`]) expect(set.add(v)).toBe(false);
    expect(set.has('x'.repeat(69_999))).toBe(false);
  });

  it('holds 250,000 local ids in under 25 bytes each', () => {
    const set = new PackedStringSet();
    for (let i = 0; i < 250_000; i++) set.add(`TH-${String(i).padStart(6, '0')}`);
    expect(set.size).toBe(250_000);
    expect(set.has('TH-000000') && set.has('TH-249999') && !set.has('TH-250000')).toBe(true);
    expect(set.bytes / 250_000).toBeLessThan(25);
  });
});
