import { describe, expect, it } from 'vitest';
import { scriptSafeJson } from './json-ld-script';

describe('scriptSafeJson', () => {
  it('cannot close or open a script element, and stays the same JSON', () => {
    const value = { name: '</script><script>alert(1)</script>', comment: '<!-- x -->', amp: 'a&b', sep: '\u2028\u2029' };
    const text = scriptSafeJson(value);
    expect(text).not.toMatch(/<|>|&|\u2028|\u2029/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
