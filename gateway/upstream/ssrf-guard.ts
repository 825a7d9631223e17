import type { Transport } from '../../connectors/core/connector';
import { badInput } from '../errors';
import { isPrivateAddress } from './address-ranges';

/** Resolves a host name to its addresses (Node: DNS; Workers: none, the edge reaches no private network). */
export type HostResolver = (host: string) => Promise<string[]>;

const METADATA_HOSTS = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);
const MAX_REDIRECTS = 5;

export interface GuardOptions {
  allowPrivate: boolean;
  resolve?: HostResolver;
}

/** Why a URL may not be fetched for a registered connector, or undefined when it may. */
export async function refusal(url: string, { allowPrivate, resolve }: GuardOptions): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${parsed.protocol} URLs are not allowed; use http or https`;
  if (parsed.username || parsed.password) return 'credentials in the URL are not allowed; use source.headers';
  if (allowPrivate) return undefined;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (METADATA_HOSTS.has(host) || host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) {
    return `${host} is a private or metadata host`;
  }
  const literal = /^[\d.]+$/.test(host) || host.includes(':');
  const addresses = literal ? [host] : resolve ? await resolve(host).catch(() => undefined) : [];
  if (!addresses) return `${host} does not resolve`;
  const blocked = addresses.find(isPrivateAddress);
  return blocked ? `${host} resolves to ${blocked}, a private, loopback, link-local or reserved address` : undefined;
}

/** BAD_USER_INPUT unless the URL may be fetched: the check a manifest's source URL gets. */
export async function assertFetchable(url: string, options: GuardOptions, argument = 'manifest.source.url'): Promise<void> {
  const reason = await refusal(url, options);
  if (reason) throw badInput(`refused upstream URL: ${reason}`, { argument });
}

/**
 * A transport for registered connectors: every request, and every redirect hop, is checked
 * before it is sent; redirects are followed by hand so that none reaches a refused address.
 */
export function guardedTransport(inner: Transport, options: GuardOptions): Transport {
  return async (url, init) => {
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const reason = await refusal(current, options);
      if (reason) throw new Error(`refused upstream URL: ${reason}`);
      const response = await inner(current, { ...init, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return response;
      await response.body?.cancel();
      current = new URL(location, current).toString();
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects`);
  };
}
