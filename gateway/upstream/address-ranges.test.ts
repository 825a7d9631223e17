import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from './address-ranges';
import { refusal } from './ssrf-guard';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '224.0.0.1', '255.255.255.255', '::1', '::', 'fc00::1', 'fd00:ec2::254', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1',
    '::ffff:10.0.0.1', '::ffff:7f00:1', '[::1]', 'not-an-ip',
  ])('refuses %s', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (ip) =>
    expect(isPrivateAddress(ip)).toBe(false),
  );

  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string(), (s) => void isPrivateAddress(s)));
  });
});

describe('refusal', () => {
  const resolve = async (host: string) => ({ 'catalogue.example': ['93.184.216.34'], 'evil.example': ['127.0.0.1'] })[host] ?? Promise.reject(new Error('NXDOMAIN'));
  it.each([
    ['file:///etc/passwd', /not allowed/],
    ['ftp://catalogue.example/x', /not allowed/],
    ['http://user:pw@catalogue.example/', /credentials/],
    ['http://localhost:8080/', /private/],
    ['http://169.254.169.254/latest/meta-data/', /169.254.169.254/],
    ['http://metadata.google.internal/', /metadata/],
    ['http://[::1]/', /::1/],
    ['http://evil.example/', /resolves to 127.0.0.1/],
    ['http://nowhere.example/', /does not resolve/],
  ])('refuses %s', async (url, reason) => {
    expect(await refusal(url, { allowPrivate: false, resolve })).toMatch(reason);
  });
  it('allows a public host, and private ones when told to', async () => {
    expect(await refusal('https://catalogue.example/otop', { allowPrivate: false, resolve })).toBeUndefined();
    expect(await refusal('http://127.0.0.1:8790/th', { allowPrivate: true, resolve })).toBeUndefined();
  });
});
