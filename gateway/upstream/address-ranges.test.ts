import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressRange, isAllowedAddress, isPrivateAddress } from './address-ranges';
import { checkUrl, refusal } from './ssrf-guard';

describe('isPrivateAddress (not global unicast)', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '192.0.2.1',
    '240.0.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd00:ec2::254',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '::ffff:8.8.8.8',
    '[::1]',
    'not-an-ip',
    '127.1',
    '2002:7f00:1::1',
    'fec0::1',
    '64:ff9b::7f00:1',
    '64:ff9b:1::a00:1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '100::1',
    '2001:2::1',
    '2001:db8::1',
    '::7f00:1',
    '4000::1',
  ])('refuses %s', (ip) => expect(isPrivateAddress(ip)).toBe(true));

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e'])('allows %s', (ip) =>
    expect(isPrivateAddress(ip)).toBe(false),
  );

  it('names the range', () => {
    expect(addressRange('2002:7f00:1::1')).toBe('6to4');
    expect(addressRange('fec0::1')).toBe('deprecatedSiteLocal');
    expect(addressRange('64:ff9b::1')).toBe('rfc6052');
    expect(addressRange('::7f00:1')).toBe('reserved');
  });

  it('lets loopback and private through when private upstreams are allowed, never metadata or tunnels', () => {
    for (const ip of ['127.0.0.1', '10.0.0.8', '::1', 'fd00::1']) expect(isAllowedAddress(ip, true)).toBe(true);
    for (const ip of ['169.254.169.254', 'fe80::1', '2002:7f00:1::1', '64:ff9b::7f00:1', '::ffff:127.0.0.1', '0.0.0.0']) {
      expect(isAllowedAddress(ip, true)).toBe(false);
    }
  });

  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string(), (s) => void isPrivateAddress(s)));
  });
});

describe('refusal', () => {
  const resolve = async (host: string) =>
    ({ 'catalogue.example': ['93.184.216.34'], 'evil.example': ['93.184.216.34', '127.0.0.1'] })[host] ?? Promise.reject(new Error('NXDOMAIN'));
  it.each([
    ['file:///etc/passwd', /not allowed/],
    ['ftp://catalogue.example/x', /not allowed/],
    ['http://user:pw@catalogue.example/', /credentials/],
    ['http://localhost:8080/', /address not allowed \(loopback\)/],
    ['http://169.254.169.254/latest/meta-data/', /address not allowed \(link-local\)/],
    ['http://metadata.google.internal/', /metadata/],
    ['http://[::1]/', /address not allowed \(loopback\)/],
    ['http://[2002:7f00:1::1]/', /address not allowed \(6to4\)/],
    ['http://[fec0::1]/', /address not allowed \(site-local\)/],
    ['http://[64:ff9b::7f00:1]/', /address not allowed \(NAT64\)/],
    ['http://0x7f.1/', /address not allowed \(loopback\)/],
    ['http://evil.example/', /does not resolve to a public address/],
    ['http://nowhere.example/', /does not resolve to a public address/],
  ])('refuses %s', async (url, reason) => {
    const why = await refusal(url, { allowPrivate: false, resolve });
    expect(why).toMatch(reason);
    expect(why).not.toMatch(/127\.0\.0\.1|93\.184|::1\b|169\.254|evil|nowhere/);
  });

  it("keeps a failed look-up's cause in the detail that is logged, never in the public reason", async () => {
    const verdict = await checkUrl('http://nowhere.example/', { allowPrivate: false, resolve });
    expect(verdict).toMatchObject({ ok: false, detail: 'nowhere.example does not resolve (NXDOMAIN)' });
    expect(verdict.ok || verdict.reason).not.toMatch(/NXDOMAIN/);
  });

  it('allows a public host (answering the address to connect to), and private ones when told to', async () => {
    expect(await checkUrl('https://catalogue.example/otop', { allowPrivate: false, resolve })).toEqual({ ok: true, addresses: ['93.184.216.34'] });
    expect(await refusal('http://127.0.0.1:8790/th', { allowPrivate: true, resolve })).toBeUndefined();
  });

  it('trusts the origins the operator configured, and only those', async () => {
    const guard = { allowPrivate: false, resolve, trustedOrigins: ['http://127.0.0.1:8790'] };
    expect(await refusal('http://127.0.0.1:8790/jp/export.csv', guard)).toBeUndefined();
    expect(await refusal('http://127.0.0.1:8791/jp/export.csv', guard)).toMatch(/address not allowed/);
  });

  it('checks names alone where there is no resolver (Workers)', async () => {
    expect(await checkUrl('https://catalogue.example/otop', { allowPrivate: false })).toEqual({ ok: true });
    expect(await refusal('http://localhost/', { allowPrivate: false })).toMatch(/loopback/);
    expect(await refusal('http://bundled.catalogues.invalid/', { allowPrivate: true })).toMatch(/special-use/);
  });
});
