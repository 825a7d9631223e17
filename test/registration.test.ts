import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { startEconomyServer, phManifest, TH_API_KEY, thManifest, type EconomyServer } from './helpers/economy-server';
import { startGateway, type TestGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';

const ADMIN = 'operator-token-for-registration-tests';
const logs: string[] = [];
let economy: EconomyServer;
let server: TestGateway;
let keys: Record<string, string>;

const as = (key: string | undefined): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
const CREATE_KEY = 'mutation($e: String!) { createEconomyKey(economy: $e) { economy key } }';
const VALIDATE = 'mutation($m: JSON!) { validateManifest(manifest: $m) { ok sampled accepted rejected issues { record path message } } }';
const REGISTER = `mutation($m: JSON!) { registerConnector(manifest: $m) {
  connector { id economy programme builtin status productCount quarantined lastError }
  report { ok sampled accepted rejected issues { record path message } } } }`;

beforeAll(async () => {
  economy = await startEconomyServer();
  server = await startGateway(
    { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' },
    { log: (level, message, fields) => void logs.push(JSON.stringify({ level, message, ...fields })) },
  );
  keys = {};
  for (const e of ['TH', 'PH']) {
    const { data } = await server.graphql(CREATE_KEY, { e }, as(ADMIN));
    keys[e] = data.createEconomyKey.key;
  }
});
afterAll(async () => {
  await server.close();
  await economy.close();
});

describe('economy keys', () => {
  it('are created by the operator only, with 256 random bits', async () => {
    expect(keys.TH).toMatch(/^ovop_th_[A-Za-z0-9_-]{43}$/);
    expect(keys.TH).not.toBe(keys.PH);
    expect((await server.graphql(CREATE_KEY, { e: 'VN' })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await server.graphql(CREATE_KEY, { e: 'VN' }, as('wrong-operator-token'))).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await server.graphql(CREATE_KEY, { e: 'VN' }, as(keys.TH))).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await server.graphql(CREATE_KEY, { e: 'XX' }, as(ADMIN))).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses every admin mutation while no operator token is configured', async () => {
    const bare = await startGateway();
    expect((await bare.graphql(CREATE_KEY, { e: 'TH' }, as('anything'))).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    await bare.close();
  });
});

describe('a member economy onboards through the public API alone', () => {
  it('dry-runs its manifest: a report with the broken records, and nothing stored', async () => {
    const { data, errors } = await server.graphql(VALIDATE, { m: thManifest(economy.url) }, as(keys.TH));
    expect(errors).toBeUndefined();
    expect(data.validateManifest).toMatchObject({ ok: false, sampled: 16, accepted: 14, rejected: 2 });
    expect(data.validateManifest.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ record: 'OTOP-TH-0901', path: 'price' }), expect.objectContaining({ record: 'OTOP-TH-0902' })]),
    );
    const { data: c } = await server.graphql('{ connectors { id } }');
    expect(c.connectors.map((x: any) => x.id)).not.toContain('th-otop');
  });

  it('registers a windows-874 CSV catalogue and a cursor-paged JSON catalogue', async () => {
    const th = await server.graphql(REGISTER, { m: thManifest(economy.url) }, as(keys.TH));
    expect(th.errors).toBeUndefined();
    expect(th.data.registerConnector.connector).toMatchObject({ id: 'th-otop', economy: 'TH', builtin: false, status: 'UP', productCount: 14, quarantined: 2 });
    expect(th.data.registerConnector.report).toMatchObject({ accepted: 14, rejected: 2 });
    const ph = await server.graphql(REGISTER, { m: phManifest(economy.url) }, as(keys.PH));
    expect(ph.errors, JSON.stringify(ph.errors)).toBeUndefined();
    expect(ph.data.registerConnector.connector).toMatchObject({ id: 'ph-otop', status: 'UP', quarantined: 2 });
    expect(ph.data.registerConnector.report.issues.map((i: any) => i.path)).toContain('price');
  });

  it('lets the portal find their products in its own currency and language', async () => {
    const { data } = await server.graphql(`{
      economies { code programme currency productCount }
      products(first: 10, filter: { economies: ["TH"], text: "ผ้าไหม" }, currency: "USD", lang: "en") {
        totalCount edges { node { id name { value lang } price { amount currency original { currency } } category { code } rating { scheme value max } } }
      }
      fil: products(first: 50, filter: { economies: ["PH"] }, lang: "fil", currency: "JPY") { totalCount edges { node { name { lang } price { currency amount } } } }
    }`);
    expect(data.economies.map((e: any) => e.code)).toEqual(expect.arrayContaining(['TH', 'PH']));
    expect(data.products.totalCount).toBeGreaterThanOrEqual(2);
    for (const { node } of data.products.edges) {
      expect(node.price).toMatchObject({ currency: 'USD', original: { currency: 'THB' } });
      expect(node.rating).toMatchObject({ scheme: 'TH-OTOP', max: 5 });
      expect(node.category.code).toBe('TEXTILE');
    }
    expect(data.fil.totalCount).toBe(14);
    expect(data.fil.edges.every((e: any) => e.node.name.lang === 'fil' && e.node.price.currency === 'JPY')).toBe(true);
  });

  it('updates a connector registered again under the same id', async () => {
    const renamed = { ...thManifest(economy.url), name: 'Thailand OTOP Product Champion' };
    const { data } = await server.graphql(REGISTER, { m: renamed }, as(keys.TH));
    expect(data.registerConnector.connector.productCount).toBe(14);
    const { data: c } = await server.graphql('{ connectors { id } }');
    expect(c.connectors.filter((x: any) => x.id === 'th-otop')).toHaveLength(1);
  });

  it('never returns or logs the source headers', async () => {
    const everything = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ connectors { id name lastError } products(first: 100) { edges { node { jsonld } } } }' }),
    });
    expect(await everything.text()).not.toContain(TH_API_KEY);
    expect(logs.join('\n')).not.toContain(TH_API_KEY);
    expect(logs.join('\n')).not.toContain(keys.TH!);
  });
});

describe('one economy key can never touch another economy', () => {
  it('refuses validate, register, refresh and remove across economies with FORBIDDEN', async () => {
    expect((await server.graphql(VALIDATE, { m: phManifest(economy.url) }, as(keys.TH))).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await server.graphql(REGISTER, { m: phManifest(economy.url) }, as(keys.TH))).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const refresh = await server.graphql('mutation { refreshConnector(id: "ph-otop") { status } }', {}, as(keys.TH));
    expect(refresh.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const remove = await server.graphql('mutation { removeConnector(id: "ph-otop") }', {}, as(keys.TH));
    expect(remove.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const builtin = await server.graphql('mutation { refreshConnector(id: "vn-ocop") { status } }', {}, as(keys.TH));
    expect(builtin.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const hijack = await server.graphql(REGISTER, { m: { ...phManifest(economy.url), id: 'vn-ocop', economy: 'VN' } }, as(keys.TH));
    expect(hijack.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a missing or unknown key with UNAUTHENTICATED', async () => {
    expect((await server.graphql(REGISTER, { m: thManifest(economy.url) })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await server.graphql(REGISTER, { m: thManifest(economy.url) }, as('ovop_th_forged'))).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lets the owner refresh and remove its connector, products included', async () => {
    const refreshed = await server.graphql('mutation { refreshConnector(id: "ph-otop") { id status productCount } }', {}, as(keys.PH));
    expect(refreshed.data.refreshConnector).toMatchObject({ id: 'ph-otop', status: 'UP', productCount: 14 });
    expect((await server.graphql('mutation { removeConnector(id: "ph-otop") }', {}, as(keys.PH))).data.removeConnector).toBe(true);
    const { data } = await server.graphql('{ products(filter: { economies: ["PH"] }) { totalCount } connectors { id } }');
    expect(data.products.totalCount).toBe(0);
    expect(data.connectors.map((c: any) => c.id)).not.toContain('ph-otop');
    expect((await server.graphql('mutation { removeConnector(id: "ph-otop") }', {}, as(keys.PH))).errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('manifest validation', () => {
  it('refuses a bad manifest with BAD_USER_INPUT and every problem with its path', async () => {
    const bad = {
      ...thManifest(economy.url),
      id: 'Thai OTOP!',
      economy: 'XX',
      source: { url: 'not a url', format: 'yaml', encoding: 'klingon' },
      defaults: { currency: 'BTC', language: 'not a tag!' },
      mapping: { name: 'x', colour: 'c' },
      extra: true,
    };
    const { errors } = await server.graphql(VALIDATE, { m: bad }, as(keys.TH));
    expect(errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const paths = errors![0].extensions.issues.map((i: any) => i.path);
    for (const p of [
      'id',
      'economy',
      'source.url',
      'source.format',
      'source.encoding',
      'defaults.currency',
      'defaults.language',
      'mapping.colour',
      'mapping.localId',
      '(manifest)',
    ]) {
      expect(paths).toContain(p);
    }
  });

  it('refuses private, loopback and metadata URLs unless private upstreams are allowed, without a request', async () => {
    const guarded = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN });
    const { data } = await guarded.graphql(CREATE_KEY, { e: 'TH' }, as(ADMIN));
    const before = economy.requests;
    for (const url of [
      `${economy.url}/th/otop.csv`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8790/x',
      'http://10.0.0.8/x',
      'file:///etc/passwd',
    ]) {
      const manifest = { ...thManifest(economy.url), source: { ...thManifest(economy.url).source, url } };
      const { errors } = await guarded.graphql(REGISTER, { m: manifest }, as(data.createEconomyKey.key));
      expect(errors?.[0].extensions.code, url).toBe('BAD_USER_INPUT');
    }
    expect(economy.requests).toBe(before);
    await guarded.close();
  });
});

describe('registrations in Redis', async () => {
  const redis = await resolveRedis();
  afterAll(() => redis.stop?.());

  it.skipIf(!redis.url)('are seen by every instance on the same Redis', async () => {
    const prefix = uniquePrefix();
    const storesA = await connectRedisStores(redis.url!, prefix);
    const storesB = await connectRedisStores(redis.url!, prefix);
    const env = { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' };
    const a = await startGateway(env, { stores: storesA });
    const b = await startGateway(env, { stores: storesB });
    const key = (await a.graphql(CREATE_KEY, { e: 'TH' }, as(ADMIN))).data.createEconomyKey.key;
    await a.graphql(REGISTER, { m: thManifest(economy.url) }, as(key));
    // B learns of the registration when it next reads the registry's version: wait for that, not a fixed time.
    const seenByB = async () => {
      const { data } = await b.graphql('{ connectors { id status } products(filter: { economies: ["TH"] }) { totalCount } }', {}, {});
      return { status: data.connectors.find((c: any) => c.id === 'th-otop')?.status, products: data.products.totalCount };
    };
    await expect.poll(seenByB, { timeout: 15_000, interval: 100 }).toEqual({ status: 'UP', products: 14 });
    const removed = await b.graphql('mutation { removeConnector(id: "th-otop") }', {}, as(key));
    expect(removed.data.removeConnector).toBe(true);
    await Promise.all([a.close(), b.close(), storesA.close(), storesB.close()]);
  });
});
