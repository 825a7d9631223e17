import { describe, expect, it } from 'vitest';
import { frame, unframe } from './framing';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('framing', () => {
  it('gives back every part exactly, empty and non-Latin ones included', () => {
    const parts = [utf8('{"name":"Lạp sườn"}'), new Uint8Array(0), utf8('かぼす'), utf8('กาแฟ')];
    const framed = unframe(frame(parts));
    expect(framed.count).toBe(4);
    expect(parts.map((_, i) => framed.part(i))).toEqual(parts);
    expect(unframe(frame([])).count).toBe(0);
  });

  it('refuses a value cut short and a part it does not hold', () => {
    const bytes = frame([utf8('a'), utf8('bc')]);
    expect(() => unframe(bytes.subarray(0, 8))).toThrow(RangeError);
    expect(() => unframe(bytes.subarray(0, bytes.length - 1))).toThrow(RangeError);
    expect(() => unframe(new Uint8Array(2))).toThrow(RangeError);
    expect(() => unframe(bytes).part(2)).toThrow(RangeError);
    expect(() => unframe(bytes).part(-1)).toThrow(RangeError);
  });
});
