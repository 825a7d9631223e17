import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../upstream/ssrf-guard';

/** Every address a host name resolves to, through the system resolver (for the SSRF guard). */
export const resolveWithDns: HostResolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);
