import { describe, expect, it } from 'vitest';
import { prefersHtml } from './negotiate';

describe('prefersHtml', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', true],
    ['text/html', true],
    ['application/xhtml+xml', true],
    ['text/html;q=0.5, application/ld+json', false],
    ['application/ld+json', false],
    ['application/json, text/html', false],
    ['*/*', false],
    ['', false],
    [undefined, false],
    ['text/html;q=0', false],
    ['text/*, application/json;q=0.5', false],
  ])('%s → %s', (accept, html) => {
    expect(prefersHtml(accept)).toBe(html);
  });
});
