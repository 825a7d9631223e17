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

  it('takes answers as views that later writes, and a new slab, leave as they were', () => {
    const out = new JsonOutput(16);
    const taken: Array<[Uint8Array, string]> = [];
    for (let i = 0; i < 200; i++) {
      const json = JSON.stringify({ i, text: 'ท'.repeat(i * 7) });
      if (i % 3 === 0) {
        out.text('"a fragment"');
        expect(new TextDecoder().decode(out.finish())).toBe('"a fragment"');
      }
      out.text(json);
      taken.push([out.take(), json]);
    }
    for (const [bytes, json] of taken) expect(new TextDecoder().decode(bytes)).toBe(json);
    expect(new Set(taken.map(([bytes]) => bytes.buffer)).size).toBeGreaterThan(1);
  });
});
