import { describe, expect, it } from 'vitest';
import { PublicOrigin } from './public-origin';

describe('PublicOrigin', () => {
  it('is PUBLIC_URL whatever the request names, and adds nothing to cache keys', () => {
    const origin = new PublicOrigin('https://ovop.apec.example');
    expect(origin.of('http://evil.example/products/x')).toBe('https://ovop.apec.example');
    expect(origin.key('http://evil.example/products/x')).toBe('');
  });

  it("is the request's origin when unset, is then part of the cache key, and says so once", () => {
    const heard: string[] = [];
    const origin = new PublicOrigin(undefined, (o) => heard.push(o));
    expect(origin.of('http://127.0.0.1:8787/products/x?lang=en')).toBe('http://127.0.0.1:8787');
    expect(origin.of('http://evil.example')).toBe('http://evil.example');
    expect(origin.key('http://evil.example/graphql')).toBe('http://evil.example');
    expect(heard).toEqual(['http://127.0.0.1:8787']);
  });
});
