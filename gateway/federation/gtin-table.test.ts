import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GTIN_SLOT_BYTES, GtinTable } from './gtin-table';

describe('GtinTable', () => {
  it('answers as a Map would, through growth and deletions (GTIN 0 and 14 digits included)', () => {
    const gtin = fc.oneof(
      fc.constantFrom(0, 99_999_999_999_999, 4_294_967_296, 4_294_967_295),
      fc.integer({ min: 0, max: 99_999_999_999_999 }),
      fc.integer({ min: 0, max: 3000 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(gtin, fc.integer({ min: 0, max: 5 })), { maxLength: 4000 }), fc.integer({ min: 0, max: 5 }), (entries, dropped) => {
        const table = new GtinTable();
        const map = new Map<number, number>();
        for (const [key, value] of entries) {
          table.set(key, value);
          map.set(key, value);
        }
        expect(table.size).toBe(map.size);
        for (const [key, value] of map) expect(table.get(key)).toBe(value);
        table.deleteWhere((value) => value === dropped);
        for (const [key, value] of map) expect(table.get(key)).toBe(value === dropped ? undefined : value);
        expect(table.size).toBe([...map.values()].filter((v) => v !== dropped).length);
        expect(table.get(123_456_789_012_34)).toBe(map.get(123_456_789_012_34));
      }),
      { numRuns: 60 },
    );
  });

  it('holds 32 bytes a GTIN at most, and gives them back when its GTINs are released', () => {
    const table = new GtinTable();
    for (let i = 0; i < 125_000; i++) table.set(8_850_000_000_000 + i * 10, i % 6);
    expect(table.bytes).toBeLessThanOrEqual(125_000 * 32);
    expect(table.bytes / GTIN_SLOT_BYTES).toBeGreaterThanOrEqual(125_000 / 0.75);
    table.deleteWhere(() => true);
    expect(table.size).toBe(0);
    expect(table.bytes).toBe(1024 * GTIN_SLOT_BYTES);
  });
});
