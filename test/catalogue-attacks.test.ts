import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';
import { serveOnFreePort, type Served } from './helpers/serve';

/**
 * Issue 28, the member economy's side: an economy holds a valid key and controls its catalogue, so
 * every byte of it is hostile input. Each attack is served over real HTTP, registered or dry-run
 * through the public API as an economy would, and /healthz keeps answering while it runs.
 */
const ADMIN = 'operator-token-for-catalogue-attacks';
const VALIDATE = 'mutation($m: JSON!) { validateManifest(manifest: $m) { ok sampled accepted rejected issues { record path message } } }';
const REGISTER = `mutation($m: JSON!) { registerConnector(manifest: $m) {
  connector { id status productCount quarantined lastError }
  report { ok sampled accepted rejected issues { record path message } } } }`;

let gateway: TestGateway;
let source: Served;
let key: string;
const catalogues = new Map<string, () => Response>();

const good = (sku: string) => ({ sku, name: `Kabosu ponzu ${sku}`, price: '1,200円', net: '300 ml' });
const json = (body: unknown) => () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const serve = (path: string, make: () => Response) => {
  catalogues.set(path, make);
  return `${source.url}${path}`;
};

function manifest(id: string, url: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    economy: 'JP',
    programme: 'OVOP',
    name: `Attack ${id}`,
    source: { url, format: 'json', items: 'items', ...extra },
    defaults: { currency: 'JPY', language: 'ja' },
    mapping: { localId: 'sku', name: 'name', price: 'price', netContent: 'net', images: 'photos' },
  };
}

/** Runs an attack while asking /healthz again and again: every answer must come, and be 200. */
async function whileHealthy<T>(attack: Promise<T>): Promise<T> {
  let done = false;
  const settled = attack.finally(() => {
    done = true;
  });
  const statuses: number[] = [];
  for (let i = 0; !done && i < 100_000; i++) {
    const response = await fetch(`${gateway.url}/healthz`);
    statuses.push(response.status);
    await response.body?.cancel();
  }
  const result = await settled;
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set([200]));
  return result;
}

beforeAll(async () => {
  source = await serveOnFreePort((request) => catalogues.get(new URL(request.url).pathname)?.() ?? new Response('not found', { status: 404 }));
  gateway = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' });
  key = (await gateway.graphql('mutation { createEconomyKey(economy: "JP") { key } }', {}, { authorization: `Bearer ${ADMIN}` })).data.createEconomyKey.key;
}, 60_000);
afterAll(async () => {
  await gateway?.close();
  await source?.close();
});

const as = () => ({ authorization: `Bearer ${key}` });

describe('parsers of catalogue text run in linear time', () => {
  it('a dry run of net contents "1." + 100,000 zeros + "1g" is answered, each record quarantined alone', async () => {
    const net = `1.${'0'.repeat(100_000)}1g`;
    const items = [good('A1'), ...Array.from({ length: 20 }, (_, i) => ({ ...good(`N${i}`), net }))];
    const url = serve('/net-content/items', json({ items }));
    const { data, errors } = await whileHealthy(gateway.graphql(VALIDATE, { m: manifest('jp-net-content', url) }, as()));
    expect(errors).toBeUndefined();
    expect(data.validateManifest).toMatchObject({ ok: false, sampled: 21, accepted: 1, rejected: 20 });
    const issue = data.validateManifest.issues.find((i: any) => i.record === 'N0');
    expect(issue).toMatchObject({ path: 'netContent', message: expect.stringMatching(/100004 characters/) });
    expect(issue.message.length).toBeLessThanOrEqual(300);
  }, 60_000);

  it('a dry run of prices "rm " × 30,000 + "1" is answered, each record quarantined alone', async () => {
    const price = `${'rm '.repeat(30_000)}1`;
    const items = [good('A1'), ...Array.from({ length: 20 }, (_, i) => ({ ...good(`P${i}`), price }))];
    const url = serve('/price/items', json({ items }));
    const { data, errors } = await whileHealthy(gateway.graphql(VALIDATE, { m: manifest('jp-price-markers', url) }, as()));
    expect(errors).toBeUndefined();
    expect(data.validateManifest).toMatchObject({ sampled: 21, accepted: 1, rejected: 20 });
    expect(data.validateManifest.issues.find((i: any) => i.record === 'P0')).toMatchObject({ path: 'price' });
  }, 60_000);
});

describe('a bad record is quarantined alone', () => {
  it('a record nested 100,000 arrays deep, and one with photos nested as deep, beside a good one: the good one is served', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const body = `{"items":[${JSON.stringify(good('A1'))},${deep},{"sku":"D2","name":"Deep photos","photos":${deep}}]}`;
    const url = serve('/deep/items', () => new Response(body, { headers: { 'content-type': 'application/json' } }));
    const { data, errors } = await whileHealthy(gateway.graphql(REGISTER, { m: manifest('jp-deep', url) }, as()));
    expect(errors).toBeUndefined();
    expect(data.registerConnector.connector).toMatchObject({ id: 'jp-deep', status: 'UP', productCount: 1, quarantined: 2 });
    expect(data.registerConnector.report.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ record: 'D2', path: 'images', message: expect.stringMatching(/nested more than 32 levels/) })]),
    );
    const product = await gateway.graphql('{ product(id: "jp-deep:A1") { id } }');
    expect(product.data.product).toEqual({ id: 'jp-deep:A1' });
  }, 60_000);
});

describe('what a harvest keeps is bounded', () => {
  it('200,000 empty records: counts and the first issues are kept, never the records; the quarantine cap truncates and says so', async () => {
    const body = `{"items":[${JSON.stringify(good('A1'))}${',{}'.repeat(200_000)}]}`;
    const url = serve('/empty/items', () => new Response(body, { headers: { 'content-type': 'application/json' } }));
    const { data, errors } = await whileHealthy(gateway.graphql(REGISTER, { m: manifest('jp-empty-records', url) }, as()));
    expect(errors).toBeUndefined();
    const { connector, report } = data.registerConnector;
    expect(connector).toMatchObject({ status: 'DEGRADED', productCount: 1, quarantined: 100_000 });
    expect(connector.lastError).toMatch(/truncated at the cap of 100000 quarantined records/);
    expect(report).toMatchObject({ ok: false, accepted: 1, rejected: 100_000 });
    expect(report.issues.length).toBeLessThanOrEqual(501);
    const kept = gateway.gateway.federation.lastHarvest('jp-empty-records')!;
    expect(kept.quarantined.length).toBe(500);
    expect(JSON.stringify(kept.quarantined).length).toBeLessThan(500 * 500);
    expect((await gateway.graphql('{ product(id: "jp-empty-records:A1") { id } }')).data.product).toEqual({ id: 'jp-empty-records:A1' });
  }, 120_000);

  it('pages of 30 MiB without end: the harvest stops at the byte cap, serves what it read, and says so', async () => {
    const pad = 'x'.repeat(30 * 1024 * 1024);
    let pages = 0;
    catalogues.set('/bytes/items', () => {
      pages++;
      return new Response(`{"items":[${JSON.stringify(good(`B${pages}`))}],"pad":"${pad}"}`, { headers: { 'content-type': 'application/json' } });
    });
    const url = `${source.url}/bytes/items`;
    const m = manifest('jp-bytes', url, { pagination: { type: 'page', param: 'page' } });
    const { data, errors } = await whileHealthy(gateway.graphql(REGISTER, { m }, as()));
    expect(errors).toBeUndefined();
    const { connector } = data.registerConnector;
    expect(connector.status).toBe('DEGRADED');
    expect(connector.lastError).toMatch(/truncated at the cap of 268435456 bytes/);
    // 256 MiB holds 8 pages of 30 MiB: the 9th passes the cap and is not read.
    expect(connector.productCount).toBe(8);
    expect(pages).toBeLessThanOrEqual(9 + 9); // the dry run's sample, then the harvest
  }, 120_000);
});

describe('mapping keys are own fields only', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('"%s" is not a canonical field', async (field) => {
    const m = manifest('jp-proto-keys', serve('/proto/items', json({ items: [good('A1')] })));
    const mapping = { ...m.mapping };
    Object.defineProperty(mapping, field, { value: 'name', enumerable: true, configurable: true, writable: true });
    const { errors } = await whileHealthy(gateway.graphql(REGISTER, { m: { ...m, mapping } }, as()));
    expect(errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0].message).toContain(`"${field}" is not a canonical field that can be mapped`);
    const { data } = await gateway.graphql('{ connectors { id } }');
    expect(data.connectors.map((c: any) => c.id)).not.toContain('jp-proto-keys');
  });
});
