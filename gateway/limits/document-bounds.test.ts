import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkDocumentBounds } from './document-bounds';

const limits = { maxFragments: 2, maxDirectives: 2 };

describe('checkDocumentBounds', () => {
  it('counts fragment definitions', () => {
    expect(() => checkDocumentBounds(parse('{ ...A } fragment A on Query { ...B } fragment B on Query { __typename }'), limits)).not.toThrow();
    expect(() => checkDocumentBounds(parse('{ __typename } fragment A on Query { a } fragment B on Query { b } fragment C on Query { c }'), limits)).toThrow(
      /fragments/,
    );
  });
  it('counts directives wherever they are written', () => {
    expect(() => checkDocumentBounds(parse('query Q @a { x @b }'), limits)).not.toThrow();
    expect(() => checkDocumentBounds(parse('query Q @a { x { ... on T @c { y @b } } }'), limits)).toThrow(/directives/);
    expect(() => checkDocumentBounds(parse('query Q($v: Int @a) { x @b ...F } fragment F on T @c { y }'), limits)).toThrow(/directives/);
  });
});
