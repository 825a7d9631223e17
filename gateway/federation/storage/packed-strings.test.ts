import { describe, expect, it } from 'vitest';
import { PackedStrings, PackedStringsBuilder } from './packed-strings';

const SAMPLES = ['', 'jp-ovop:OITA-0001', 'Chiloé', 'ｶﾎﾞｽ', '𠮷野家', 'bánh tráng', 'ข้าวหอม', 'a'.repeat(5000)];

describe('PackedStrings', () => {
  it('gives back every string as it was, empty ones included', () => {
    const packed = PackedStrings.of(SAMPLES);
    expect(packed.length).toBe(SAMPLES.length);
    expect([...packed]).toEqual(SAMPLES);
    expect(SAMPLES.map((_, i) => packed.isEmpty(i))).toEqual(SAMPLES.map((s) => s === ''));
    expect(packed.allEmpty).toBe(false);
    expect(PackedStrings.of(['', '']).allEmpty).toBe(true);
  });

  it('lays strings out in the order asked', () => {
    const builder = new PackedStringsBuilder();
    for (const s of ['c', 'ａ', '', 'b']) builder.add(s);
    expect([...builder.finish([3, 0, 2, 1])]).toEqual(['b', 'c', '', 'ａ']);
  });

  it('grows past its first buffers', () => {
    const many = Array.from({ length: 3000 }, (_, i) => `vn-ocop:${i}-${'ế'.repeat(i % 7)}`);
    expect([...PackedStrings.of(many)]).toEqual(many);
  });

  it("compares two of its strings in JavaScript's order, and reorders them", () => {
    const strings = ['b', 'ｶ', '', '𠮷', 'a', 'é', 'ab', 'ｶﾎﾞｽ', '𠮷a', 'e\u0301', 'ｶ'];
    const packed = PackedStrings.of(strings);
    const order = Int32Array.from(strings, (_, i) => i).sort((a, b) => packed.compare(a, b));
    const expected = Int32Array.from(strings, (_, i) => i).sort((a, b) => (strings[a]! < strings[b]! ? -1 : strings[a]! > strings[b]! ? 1 : 0));
    expect([...order]).toEqual([...expected]);
    expect(packed.compare(1, 10)).toBe(0);
    expect([...packed.reorder(order)]).toEqual([...expected].map((i) => strings[i]));
  });

  it("finds a string in a list sorted in JavaScript's order, ASCII or not", () => {
    // U+FF76 sorts after a surrogate pair in UTF-16, before it in UTF-8: the search must follow UTF-16.
    const sorted = ['', 'a', 'ab', 'b', 'é', 'ｶ', '𠮷', 'ｶﾎﾞｽ', 'z~'].sort();
    const packed = PackedStrings.of(sorted);
    for (const [i, s] of sorted.entries()) expect(packed.find(s), s).toBe(i);
    for (const absent of ['aa', 'c', 'ｷ', '𠮷x', '~', 'A']) expect(packed.find(absent), absent).toBe(-1);
  });

  it('finds nothing before its first string, after its last, or in an empty list', () => {
    const ids = PackedStrings.of(['my:1', 'my:2', 'my:3']);
    for (const absent of ['jp:1', 'my:', 'my:4', 'vn:1', 'ｶ']) expect(ids.find(absent), absent).toBe(-1);
    expect([ids.find('my:1'), ids.find('my:3')]).toEqual([0, 2]);
    expect(PackedStrings.of([]).find('my:1')).toBe(-1);
  });
});
