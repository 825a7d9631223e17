import { describe, expect, it } from 'vitest';
import { decodeDigest, encodeDigest, type RowDigest, sourceDigest, sourceDigestOfBytes } from './row-digest';

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

describe('decodeDigest', () => {
  it('reads back what encodeDigest wrote', () => {
    const digests: RowDigest[] = [
      { version: 1, hash: 'a1b2c3d4e5f60718', source: '0011223344556677', removed: false, unrecorded: true, due: '2027-01-31' },
      { version: 42, hash: '', source: '', removed: true, unrecorded: false, due: '' },
      { version: 999_999_999_999_999, hash: 'h', source: 's', removed: true, unrecorded: true, due: '' },
      { version: 7, hash: 'x'.repeat(64), source: 'y'.repeat(32), removed: false, unrecorded: false, due: '2026-12-07' },
    ];
    for (const digest of digests) expect(decodeDigest(encodeDigest(digest))).toEqual(digest);
  });

  it('throws on anything else a store could hand back', () => {
    const bad = [
      '',
      '1|h|s|u',
      '|h|s||',
      'x|h|s||',
      '1234567890123456|h|s||',
      `1|${'x'.repeat(65)}|s||`,
      `1|h|${'y'.repeat(33)}||`,
      '1|h|s|ur|',
      '1|h|s|rr|',
      '1|h|s|x|',
      '1|h|s||2027-1-31',
      '1|h|s||2027-01-31|',
      '1|h|s||2027/01/31',
      `1|h|s||${'9'.repeat(200)}`,
    ];
    for (const text of bad) expect(() => decodeDigest(text), text).toThrow(/not a stored row digest/);
  });
});
