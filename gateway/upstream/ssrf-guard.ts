import { badInput } from '../errors';
import { addressRange, isAllowedAddress } from './address-ranges';

/** Resolves a host name to its addresses (Node: DNS; Workers: none, there is no DNS API there). */
export type HostResolver = (host: string) => Promise<string[]>;

const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);
/** Special-use names (RFC 6761) that never name a public catalogue. */
const PRIVATE_SUFFIXES = ['.internal', '.local', '.invalid', '.home.arpa'];

export interface GuardOptions {
  /** ALLOW_PRIVATE_UPSTREAMS: loopback and private ranges pass too (never link-local, 6to4, NAT64...). */
  allowPrivate: boolean;
  /** Without one (Workers), host names pass on their name alone and only literal addresses are checked. */
  resolve?: HostResolver;
  /** Origins the operator configured (CATALOGUE_SOURCE, RATES_URL): not checked, not resolved here. */
  trustedOrigins?: readonly string[];
}

/** The guard's verdict on a URL: the checked addresses to connect to, or why not (public) and the detail (logs). */
export type Verdict = { ok: true; addresses?: string[] } | { ok: false; reason: string; detail: string };

const refuse = (reason: string, detail: string): Verdict => ({ ok: false, reason, detail });

/**
 * Checks a URL before anything is sent to it: http(s) only, no credentials, no metadata or
 * special-use names, and every address the host resolves to global unicast (or private, when
 * allowed). On success it answers the checked addresses, which the connection must use: resolving
 * again would open a DNS-rebinding window.
 */
export async function checkUrl(url: string, options: GuardOptions): Promise<Verdict> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not hidden: the verdict is the answer, and the pipeline logs it with the (redacted) URL.
    return refuse('not a URL', 'not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return refuse(`${parsed.protocol} URLs are not allowed; use http or https`, parsed.protocol);
  }
  if (parsed.username || parsed.password) return refuse('credentials in the URL are not allowed; use source.headers', 'credentials');
  if (options.trustedOrigins?.includes(parsed.origin)) return { ok: true };
  const host = parsed.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  const literal = addressRange(host) !== 'invalid';
  if (literal) {
    return isAllowedAddress(host, options.allowPrivate)
      ? { ok: true, addresses: [host] }
      : refuse(`address not allowed (${describeRange(addressRange(host))})`, `${host} is ${addressRange(host)}`);
  }
  if (METADATA_HOSTS.has(host) || PRIVATE_SUFFIXES.some((s) => host.endsWith(s))) {
    return refuse('address not allowed (a metadata or special-use host name)', host);
  }
  if ((host === 'localhost' || host.endsWith('.localhost')) && !options.allowPrivate) {
    return refuse('address not allowed (loopback)', host);
  }
  if (!options.resolve) return { ok: true };
  // A failed look-up refuses the URL like an empty answer, but its cause goes into the logged detail.
  let lookupError = '';
  const addresses = await options.resolve(host).catch((error: unknown) => {
    lookupError = ` (${error instanceof Error ? error.message : String(error)})`;
    return [] as string[];
  });
  const blocked = addresses.find((a) => !isAllowedAddress(a, options.allowPrivate));
  if (addresses.length === 0 || blocked) {
    const detail = blocked ? `${host} resolves to ${blocked} (${addressRange(blocked)})` : `${host} does not resolve${lookupError}`;
    return refuse('address not allowed: the host does not resolve to a public address', detail);
  }
  return { ok: true, addresses };
}

/** Why a URL may not be fetched (public words), or undefined when it may. */
export async function refusal(url: string, options: GuardOptions): Promise<string | undefined> {
  const verdict = await checkUrl(url, options);
  return verdict.ok ? undefined : verdict.reason;
}

/** BAD_USER_INPUT unless the URL may be fetched: the check a manifest's source URL gets. */
export async function assertFetchable(url: string, options: GuardOptions, argument = 'manifest.source.url'): Promise<void> {
  const reason = await refusal(url, options);
  if (reason) throw badInput(`refused upstream URL: ${reason}`, { argument });
}

const RANGE_WORDS: Record<string, string> = {
  rfc6052: 'NAT64',
  rfc6145: 'IPv4-translated',
  deprecatedSiteLocal: 'site-local',
  discard: 'discard-only',
  ipv4Mapped: 'IPv4-mapped',
  carrierGradeNat: 'carrier-grade NAT',
  linkLocal: 'link-local',
  uniqueLocal: 'unique local',
  invalid: 'not an address',
};

function describeRange(range: string): string {
  return RANGE_WORDS[range] ?? range.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}
