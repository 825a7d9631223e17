/** Where the client address comes from (CONTRACT.md, TRUST_PROXY). */
export type TrustProxy = 'none' | 'cloudflare' | number;

/** An IPv4 or IPv6 address as a proxy writes it; anything else (names, ports, junk) is not one. */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:]{2,39}(%[\w.-]{1,16})?$|^[0-9a-f:]{2,29}:(\d{1,3}\.){3}\d{1,3}$/i;

/** True for a textual IPv4 or IPv6 address. */
export function isIpAddress(text: string): boolean {
  return IPV4.test(text) || (IPV6.test(text) && text.includes(':') && (text.match(/::/g)?.length ?? 0) <= 1);
}

/**
 * The address the rate limit counts against. `none`: the peer (the socket on Node, Cloudflare's
 * view on Workers). `cloudflare`: CF-Connecting-IP. N: the Nth address from the right of
 * X-Forwarded-For, the one the outermost trusted proxy saw; entries left of it are the client's
 * own words and never trusted. A missing or malformed header falls back to the peer.
 */
export function clientAddress(trust: TrustProxy, peer: string, header: (name: string) => string | undefined | null): string {
  if (trust === 'none' || trust === 0) return peer;
  if (trust === 'cloudflare') {
    const address = header('cf-connecting-ip')?.trim();
    return address && isIpAddress(address) ? address.toLowerCase() : peer;
  }
  const forwarded = header('x-forwarded-for');
  if (!forwarded || forwarded.length > 2048) return peer;
  const hops = forwarded.split(',').map((hop) => hop.trim());
  const address = hops.length >= trust ? hops[hops.length - trust]! : undefined;
  return address && isIpAddress(address) ? address.toLowerCase() : peer;
}
