import { describe, expect, it } from 'vitest';
import { matchesIfNoneMatch, weakEtag } from './etag';

describe('weakEtag', () => {
  it('names the same parts with the same tag, and different parts with different tags', () => {
    expect(weakEtag('v1|/graphql?query={a}')).toBe(weakEtag('v1|/graphql?query={a}'));
    expect(weakEtag('v1|/graphql?query={a}')).not.toBe(weakEtag('v2|/graphql?query={a}'));
    expect(weakEtag('v1|/graphql?query={a}')).toMatch(/^W\/"[0-9a-z]+-[0-9a-z]+"$/);
  });
});

describe('matchesIfNoneMatch', () => {
  const tag = weakEtag('x');
  it('matches weakly, in a list, and *', () => {
    expect(matchesIfNoneMatch(tag, tag)).toBe(true);
    expect(matchesIfNoneMatch(tag.slice(2), tag)).toBe(true);
    expect(matchesIfNoneMatch(`"other", ${tag}`, tag)).toBe(true);
    expect(matchesIfNoneMatch('*', tag)).toBe(true);
  });
  it('does not match another tag or no header', () => {
    expect(matchesIfNoneMatch('"other"', tag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, tag)).toBe(false);
  });
});
