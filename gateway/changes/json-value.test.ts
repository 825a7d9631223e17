import { describe, expect, it } from 'vitest';
import { isJsonValue, MAX_JSON_DEPTH } from './json-value';

describe('isJsonValue', () => {
  it('takes what JSON holds', () => {
    for (const value of [null, 'ø', 0, -1.5, true, [], {}, [1, 'a', null, { b: [false] }], { 'price.amount': '12.50' }]) expect(isJsonValue(value)).toBe(true);
  });

  it('refuses what JSON does not hold, and nesting past its depth', () => {
    for (const value of [undefined, Number.NaN, Number.POSITIVE_INFINITY, () => 1, Symbol('s'), 1n, [undefined], { a: undefined }])
      expect(isJsonValue(value)).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) deep = [deep];
    expect(isJsonValue(deep)).toBe(true);
    expect(isJsonValue([deep])).toBe(false);
  });
});
