import { describe, expect, it } from 'vitest';
import { isRefusedSourceHeader, sourceHeaderIssues } from './source-headers';

describe('source.headers', () => {
  it.each([
    'Host',
    'content-length',
    'Transfer-Encoding',
    'Connection',
    'Upgrade',
    'TE',
    'Trailer',
    'Expect',
    'Proxy-Authorization',
    'Forwarded',
    'X-Forwarded-Host',
    'x-forwarded-for',
    'Keep-Alive',
  ])('refuses %s', (name) => {
    expect(isRefusedSourceHeader(name)).toBe(true);
  });

  it.each(['X-Api-Key', 'Authorization', 'Accept', 'X-Hostname', 'Tenant'])('lets %s through', (name) => {
    expect(isRefusedSourceHeader(name)).toBe(false);
  });

  it('names each refused header at its path', () => {
    expect(sourceHeaderIssues({ 'X-Api-Key': 'k', Host: 'internal', 'Content-Length': '0' }).map((i) => i.path)).toEqual([
      'source.headers.Host',
      'source.headers.Content-Length',
    ]);
    expect(sourceHeaderIssues(undefined)).toEqual([]);
  });
});
