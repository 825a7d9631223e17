import { lookup } from 'node:dns/promises';
import type { HostResolver } from '../../upstream/ssrf-guard';

/**
 * Every address a host name resolves to, through the system resolver: what the SSRF guard checks,
 * once per hop. The connection then goes to the checked address (node-connect.ts), never resolving again.
 */
export const resolveWithDns: HostResolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);
