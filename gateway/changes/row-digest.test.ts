import { describe, expect, it } from 'vitest';
import { sourceDigest, sourceDigestOfBytes } from './row-digest';

const encoder = new TextEncoder();

describe('sourceDigest', () => {
  it("is the digest of the text's UTF-8 bytes, wherever the bytes sit in their buffer", () => {
    const json = '{"id":"th-otop:ผ้าไหม-1","name":{"th":"ผ้าไหมมัดหมี่"},"price":{"amount":"1250.00"}}';
    const bytes = encoder.encode(json);
    expect(sourceDigest(json)).toBe(sourceDigestOfBytes(bytes));
    // The same bytes one to three bytes into a larger buffer (not aligned to four): the same digest.
    for (const offset of [1, 2, 3]) {
      const shifted = new Uint8Array(bytes.length + 8);
      shifted.set(bytes, offset);
      expect(sourceDigestOfBytes(shifted.subarray(offset, offset + bytes.length))).toBe(sourceDigest(json));
    }
  });

  it('moves with any byte, trailing ones and the length included', () => {
    const base = '{"price":"1200"}';
    const seen = new Set([base, '{"price":"1201"}', '{"price":"1200"} ', '{"price":"1200"}\u0000', '{"prıce":"1200"}'].map(sourceDigest));
    expect(seen.size).toBe(5);
    expect(sourceDigest(base)).toMatch(/^[0-9a-f]{16}$/);
  });
});
