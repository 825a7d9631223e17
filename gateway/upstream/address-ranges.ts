import ipaddr from 'ipaddr.js';

/** Global unicast IPv6 lives in 2000::/3; everything outside it is reserved or special-purpose. */
const GLOBAL_V6 = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];
/** Ranges ALLOW_PRIVATE_UPSTREAMS lets through, for local development and tests. */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal']);

/**
 * The IANA special-purpose range an IP address falls in, as ipaddr.js names it (`loopback`,
 * `private`, `linkLocal`, `carrierGradeNat`, `6to4`, `teredo`, `rfc6052` (NAT64),
 * `deprecatedSiteLocal`, `discard`, `ipv4Mapped`, `benchmarking`, `reserved`, ...), `unicast` for a
 * global unicast address, `invalid` for anything that is not an address. IPv6 outside 2000::/3
 * (IPv4-compatible `::a.b.c.d` included) is `reserved`.
 */
export function addressRange(ip: string): string {
  const text = ip.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(text) || (ipaddr.IPv4.isIPv4(text) && !ipaddr.IPv4.isValidFourPartDecimal(text))) return 'invalid';
  const address = ipaddr.parse(text);
  const range = address.range();
  if (range !== 'unicast') return range;
  return address.kind() === 'ipv6' && !(address as ipaddr.IPv6).match(GLOBAL_V6) ? 'reserved' : 'unicast';
}

/**
 * True when an upstream may be reached at this address: global unicast only, plus loopback and
 * private ranges when `allowPrivate` (never link-local metadata, 6to4, NAT64 and the like).
 */
export function isAllowedAddress(ip: string, allowPrivate = false): boolean {
  const range = addressRange(ip);
  return range === 'unicast' || (allowPrivate && PRIVATE_RANGES.has(range));
}

/** True when an address is not global unicast: what no registered upstream may point at by default. */
export function isPrivateAddress(ip: string): boolean {
  return !isAllowedAddress(ip);
}
