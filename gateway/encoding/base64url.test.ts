import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './base64url';

describe('base64url', () => {
  it('writes RFC 4648 §5 without padding, and reads it back', () => {
    for (const length of [0, 1, 2, 3, 4, 31, 32, 33]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 250) % 256);
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(text.length).toBe(Math.ceil((length * 4) / 3));
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(toBase64Url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(fromBase64Url('-_8=')).toEqual(Uint8Array.of(0xfb, 0xff));
  });

  it('refuses what is not base64url', () => {
    for (const text of ['a+b', 'a/b', 'ab c', 'a=b', '=ab', '∑', 'abcde']) expect(fromBase64Url(text), text).toBeUndefined();
  });
});
