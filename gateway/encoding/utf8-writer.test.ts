import { describe, expect, it } from 'vitest';
import { Utf8Writer } from './utf8-writer';

describe('Utf8Writer', () => {
  it('writes texts end to end as one UTF-8 array, growing past its first capacity', () => {
    const parts = ['{"a":', '"ไทย 日本 ', '😀"', '', ',"b":"', 'x'.repeat(100), '"}'];
    const writer = new Utf8Writer(8);
    for (const part of parts) writer.write(part);
    const bytes = writer.finish();
    expect(bytes).toEqual(new TextEncoder().encode(parts.join('')));
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
  });

  it('gives an empty array when nothing was written', () => {
    expect(new Utf8Writer().finish()).toEqual(new Uint8Array(0));
  });

  it('encodes a lone surrogate as U+FFFD, as TextEncoder does', () => {
    const writer = new Utf8Writer(4);
    writer.write('a\uD800b');
    expect(writer.finish()).toEqual(new TextEncoder().encode('a\uD800b'));
  });
});
