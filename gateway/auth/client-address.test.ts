import { describe, expect, it } from 'vitest';
import { clientAddress, isIpAddress } from './client-address';

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe('clientAddress', () => {
  it('uses the peer with TRUST_PROXY=none, whatever the headers say', () => {
    expect(clientAddress('none', '127.0.0.1', headers({ 'x-forwarded-for': '1.2.3.4', 'cf-connecting-ip': '5.6.7.8' }))).toBe('127.0.0.1');
  });
  it('reads CF-Connecting-IP with TRUST_PROXY=cloudflare, falling back to the peer when it is not an address', () => {
    expect(clientAddress('cloudflare', 'peer', headers({ 'cf-connecting-ip': '2001:DB8::1' }))).toBe('2001:db8::1');
    expect(clientAddress('cloudflare', 'peer', headers({ 'cf-connecting-ip': 'evil' }))).toBe('peer');
    expect(clientAddress('cloudflare', 'peer', headers({}))).toBe('peer');
  });
  it('takes the Nth address from the right of X-Forwarded-For', () => {
    const xff = headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.2' });
    expect(clientAddress(1, 'peer', xff)).toBe('10.0.0.2');
    expect(clientAddress(2, 'peer', xff)).toBe('203.0.113.7');
    expect(clientAddress(3, 'peer', xff)).toBe('6.6.6.6');
  });
  it('falls back to the peer when there are fewer hops than trusted, or the entry is malformed', () => {
    expect(clientAddress(2, 'peer', headers({ 'x-forwarded-for': '203.0.113.7' }))).toBe('peer');
    expect(clientAddress(1, 'peer', headers({ 'x-forwarded-for': '1.2.3.4, not-an-ip' }))).toBe('peer');
    expect(clientAddress(1, 'peer', headers({ 'x-forwarded-for': '1.2.3.4:8080' }))).toBe('peer');
    expect(clientAddress(1, 'peer', headers({}))).toBe('peer');
  });
  it('knows an address when it sees one', () => {
    for (const ok of ['1.2.3.4', '255.255.255.255', '::1', '2001:db8::1', '::ffff:192.0.2.1']) expect(isIpAddress(ok), ok).toBe(true);
    for (const bad of ['256.1.1.1', '1.2.3', 'localhost', '1::2::3', '', ':', 'fe80::1%eth0', 'a'.repeat(50)]) expect(isIpAddress(bad), bad).toBe(false);
  });
});
