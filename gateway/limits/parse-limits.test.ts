import { describe, expect, it } from 'vitest';
import { parseWithTokenLimit } from './parse-limits';

describe('parseWithTokenLimit', () => {
  it('parses within the limit and refuses past it with QUERY_TOO_COMPLEX', () => {
    expect(parseWithTokenLimit('{ a b c }', 10).definitions).toHaveLength(1);
    expect(() => parseWithTokenLimit(`{ ${'a '.repeat(20)} }`, 10)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }) }),
    );
  });
  it('keeps syntax errors as they are', () => {
    expect(() => parseWithTokenLimit('{ a', 10)).toThrow(/Syntax Error/);
  });
});
