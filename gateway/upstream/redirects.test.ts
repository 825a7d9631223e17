import { describe, expect, it } from 'vitest';
import { headersForHop, redirectTarget } from './redirects';

const redirect = (status: number, location?: string) => new Response(null, { status, headers: location ? { location } : {} });
const secret = new Headers({ 'x-api-key': 'k', authorization: 'Bearer t', cookie: 'c=1', accept: 'application/json', traceparent: '00-a-b-01' });

describe('redirectTarget', () => {
  it('resolves a Location against the URL it came from', () => {
    expect(redirectTarget(redirect(302, '/b?x=1'), 'https://u.test/a')).toBe('https://u.test/b?x=1');
    expect(redirectTarget(redirect(308, 'http://v.test/c'), 'https://u.test/a')).toBe('http://v.test/c');
  });
  it('is undefined for an answer that does not redirect', () => {
    expect(redirectTarget(redirect(200, '/b'), 'https://u.test/a')).toBeUndefined();
    expect(redirectTarget(redirect(300, '/b'), 'https://u.test/a')).toBeUndefined();
    expect(redirectTarget(redirect(302), 'https://u.test/a')).toBeUndefined();
    expect(redirectTarget(redirect(302, 'http://[::1'), 'https://u.test/a')).toBeUndefined();
  });
});

describe('headersForHop', () => {
  it('keeps every header within the same origin', () => {
    expect(headersForHop(secret, 'https://u.test/a', 'https://u.test/b').get('x-api-key')).toBe('k');
  });
  it.each([
    ['another host', 'https://v.test/a'],
    ['another port', 'https://u.test:8443/a'],
    ['another scheme (a downgrade)', 'http://u.test/a'],
  ])('drops the secret ones on a hop to %s', (_, to) => {
    const next = headersForHop(secret, 'https://u.test/a', to);
    expect([...next.keys()].sort()).toEqual(['accept', 'traceparent']);
  });
});
