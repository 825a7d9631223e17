import { z } from 'zod';

/** Where the client address comes from (docs/contract.md, TRUST_PROXY). */
export type TrustProxy = 'none' | 'cloudflare' | number;

/** An IPv4 or IPv6 address as a proxy writes it; anything else (names, ports, junk) is not one. */
const IpAddress = z.union([z.ipv4(), z.ipv6()]);

/** True for a textual IPv4 or IPv6 address. */
export function isIpAddress(text: string): boolean {
  return text.length <= 45 && IpAddress.safeParse(text).success;
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
