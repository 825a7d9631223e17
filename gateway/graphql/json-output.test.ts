import { describe, expect, it } from 'vitest';
import { JsonOutput } from './json-output';

const encoder = new TextEncoder();

describe('JsonOutput', () => {
  it('writes text and bytes as TextEncoder encodes their concatenation', () => {
    const out = new JsonOutput(8);
    const parts = ['{"a":', '"กาแฟ 咖啡 ☕ 🍵"', ',"b":', encoder.encode('"cà phê"'), ',"c":', JSON.stringify(`${'x'.repeat(100)}é`), '}'];
    for (const part of parts) typeof part === 'string' ? out.text(part) : out.bytes(part);
    const expected = parts.map((p) => (typeof p === 'string' ? p : new TextDecoder().decode(p))).join('');
    expect(out.finish()).toEqual(encoder.encode(expected));
  });

  it('starts empty again after finishing, and its results are their own', () => {
    const out = new JsonOutput();
    out.text('[1]');
    const first = out.finish();
    out.text('[2]');
    expect(new TextDecoder().decode(out.finish())).toBe('[2]');
    expect(new TextDecoder().decode(first)).toBe('[1]');
  });
});
