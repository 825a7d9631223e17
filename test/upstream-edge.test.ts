import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';
import { TH_API_KEY, thManifest } from './helpers/economy-server';
import { startHostileUpstream, type HostileUpstream } from './helpers/hostile-upstream';

/**
 * The same upstream pipeline in the Workers runtime (workerd through wrangler): there is no DNS API
 * there, so the guard checks host names and literal addresses; redirects, the deadline and the byte
 * cap work as on Node.
 */
const ADMIN = 'operator-token-for-edge-upstream-attacks';
const VALIDATE = 'mutation($m: JSON!) { validateManifest(manifest: $m) { ok sampled accepted issues { path message } } }';
let edge: EdgeGateway;
let hostile: HostileUpstream;
let other: HostileUpstream;
let key: string;
const withUrl = (url: string, source: Record<string, unknown> = {}) => ({
  ...thManifest(hostile.url),
  source: { ...thManifest(hostile.url).source, url, ...source },
});
const dryRun = async (manifest: unknown) => edge.graphql(VALIDATE, { m: manifest }, { authorization: `Bearer ${key}` });

beforeAll(async () => {
  [edge, hostile, other] = await Promise.all([
    startEdgeGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true', UPSTREAM_MAX_BYTES: String(4 * 1024 * 1024) }),
    startHostileUpstream(),
    startHostileUpstream(),
  ]);
  key = (await edge.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` })).data.createEconomyKey.key;
}, 120_000);
afterAll(async () => {
  await Promise.all([edge?.close(), hostile?.close(), other?.close()]);
});

describe('the upstream pipeline on Workers', () => {
  it('refuses 6to4 and site-local literals', async () => {
    for (const url of ['http://[2002:7f00:1::1]/x', 'http://[fec0::1]/x']) {
      const { errors } = await dryRun(withUrl(url));
      expect(errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toMatch(/address not allowed/);
    }
  });

  it('keeps the secret header on the same origin and drops it on a redirect to another', async () => {
    const same = await dryRun(withUrl(`${hostile.url}/redirect?to=${encodeURIComponent('/th/otop.csv')}`));
    expect(same.data.validateManifest).toMatchObject({ sampled: 16, accepted: 14 });
    const cross = await dryRun(withUrl(`${hostile.url}/redirect?to=${encodeURIComponent(`${other.url}/th/otop.csv`)}`));
    expect(cross.data.validateManifest.issues[0].message).toMatch(/HTTP 401/);
    const seen = other.received.filter((r) => r.path === '/th/otop.csv');
    expect(seen.length).toBeGreaterThan(0);
    expect(JSON.stringify(seen)).not.toContain(TH_API_KEY);
  });

  it('refuses a redirect to cloud metadata', async () => {
    const { data } = await dryRun(withUrl(`${hostile.url}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`));
    expect(data.validateManifest.issues[0].message).toMatch(/address not allowed \(link-local\)/);
  });

  it('answers a dry run on an endless body within the budget (the default 5 s)', async () => {
    // The body never ends: an answer at all, saying the budget ran out, is what is asserted; not how fast.
    const { data } = await dryRun(withUrl(`${hostile.url}/endless`, { format: 'json', items: 'items', encoding: 'utf-8' }));
    expect(data.validateManifest.issues[0].message).toMatch(/timed out after 5 s/);
  }, 20_000);

  it('refuses a huge body at the cap (UPSTREAM_MAX_BYTES)', async () => {
    const { data } = await dryRun(withUrl(`${hostile.url}/huge?mb=100`, { format: 'json', items: 'items', encoding: 'utf-8' }));
    expect(data.validateManifest.issues[0].message).toMatch(/body exceeded 4 MiB/);
  });
});
