import { describe, expect, it } from 'vitest';
import { diffStates } from './diff';

describe('diffStates', () => {
  it('names each changed, added and dropped path, in order, with null for absent', () => {
    const before = { 'price.amount': '100', 'name.vi': 'Trà', 'name.en': 'Tea', images: ['a'] };
    const after = { 'price.amount': '120', 'name.vi': 'Trà', 'name.ja': 'お茶', images: ['a'] };
    expect(diffStates(before, after)).toEqual([
      { path: 'name.en', before: 'Tea', after: null },
      { path: 'name.ja', before: null, after: 'お茶' },
      { path: 'price.amount', before: '100', after: '120' },
    ]);
  });

  it('finds nothing between equal states, whatever the key order inside values', () => {
    expect(diffStates({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toEqual([]);
    expect(diffStates({}, {})).toEqual([]);
  });

  it('tells an array from the same items reordered', () => {
    expect(diffStates({ images: ['a', 'b'] }, { images: ['b', 'a'] })).toHaveLength(1);
  });
});
