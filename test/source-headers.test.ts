import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEconomyServer, thManifest, type EconomyServer } from './helpers/economy-server';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * Issue 28, found by reading: `source.headers` may not set framing or routing headers. Upstream
 * connections are pooled across connectors: a Host sends the request to another virtual host, a
 * Content-Length or Transfer-Encoding desynchronizes a shared connection. Over real HTTP.
 */
const ADMIN = 'operator-token-for-the-source-headers-suite';
const VALIDATE = 'mutation($m: JSON!) { validateManifest(manifest: $m) { ok issues { path message } } }';
const REGISTER = 'mutation($m: JSON!) { registerConnector(manifest: $m) { report { ok } } }';
let gw: TestGateway;
let economy: EconomyServer;
let key: string;

beforeAll(async () => {
  [gw, economy] = await Promise.all([startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' }), startEconomyServer()]);
  const { data } = await gw.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` });
  key = data.createEconomyKey.key;
});
afterAll(() => Promise.all([gw?.close(), economy?.close()]));

const withHeaders = (headers: Record<string, string>) => {
  const manifest = thManifest(economy.url);
  return { ...manifest, source: { ...manifest.source, headers: { ...manifest.source.headers, ...headers } } };
};

describe('source.headers refuses framing and routing headers (attack)', () => {
  it.each([
    ['Host', 'metadata.internal'],
    ['Content-Length', '0'],
    ['Transfer-Encoding', 'chunked'],
    ['Connection', 'keep-alive, Upgrade'],
    ['Upgrade', 'websocket'],
    ['TE', 'trailers'],
    ['Trailer', 'X-Api-Key'],
    ['Expect', '100-continue'],
    ['Proxy-Authorization', 'Basic x'],
    ['Forwarded', 'for=10.0.0.1;host=internal'],
    ['X-Forwarded-Host', 'internal'],
    ['x-forwarded-for', '127.0.0.1'],
  ])('%s: the dry run and the registration refuse it at its path, before any request', async (name, value) => {
    const before = economy.requests;
    const m = withHeaders({ [name]: value });
    const dry = await gw.graphql(VALIDATE, { m }, { authorization: `Bearer ${key}` });
    expect(dry.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(dry.errors?.[0]?.extensions?.issues).toEqual([
      expect.objectContaining({ path: `source.headers.${name}`, message: expect.stringMatching(/framed or where it is routed/) }),
    ]);
    const registered = await gw.graphql(REGISTER, { m }, { authorization: `Bearer ${key}` });
    expect(registered.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(economy.requests).toBe(before);
    const { data } = await gw.graphql('{ connectors { id } }');
    expect(data.connectors.map((c: { id: string }) => c.id)).not.toContain('th-otop');
  });

  it('the onboarding form shows the refusal with its path', async () => {
    const response = await fetch(`${gw.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ key, manifest: JSON.stringify(withHeaders({ Host: 'internal' })), dryRun: '1' }),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('source.headers.Host');
  });

  it('an ordinary secret header still works', async () => {
    const dry = await gw.graphql(VALIDATE, { m: thManifest(economy.url) }, { authorization: `Bearer ${key}` });
    expect(dry.errors).toBeUndefined();
    expect(dry.data.validateManifest.issues.filter((i: { path: string }) => i.path.startsWith('source.headers'))).toEqual([]);
  });
});
