import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { startGateway, type TestGateway } from './helpers/gateway';
import { resolveRedis, uniquePrefix } from './helpers/redis';
import { serveOnFreePort, type Served } from './helpers/serve';

/**
 * Issue 32: an economy sees its catalogue. Dry runs that explain, registrations that never fail
 * silently, and harvest reports afterwards, over real HTTP against catalogue servers written here.
 */
const ADMIN = 'operator-token-for-harvest-report-tests';
const as = (key: string | undefined): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
const CREATE_KEY = 'mutation($e: String!) { createEconomyKey(economy: $e) { key } }';
const VALIDATE = 'mutation($m: JSON!) { validateManifest(manifest: $m) { ok sampled accepted rejected issues { record path message severity } } }';
const REGISTER = `mutation($m: JSON!) { registerConnector(manifest: $m) {
  connector { id status productCount quarantined lastError }
  report { ok sampled accepted rejected issues { record path message severity } } } }`;
const REPORTS = `query { connectors { id status lastError
  lastHarvest { status pages records accepted quarantined truncated error startedAt finishedAt issues { record path message severity } }
  harvests(last: 5) { status startedAt records accepted quarantined } } }`;

/** A good record of the test catalogue, numbered. */
const good = (n: number) => ({
  code: `TH-${String(n).padStart(2, '0')}`,
  name: `ผ้าไหม ${n}`,
  price: '฿1,250.00',
  category: 'textile',
  photo: `https://img.example/${n}.jpg`,
});

/** What the catalogue server serves, changed by the tests as they go. */
const state = { pageTwoFails: false, gate: Promise.resolve() };
const ten = [...Array.from({ length: 8 }, (_, i) => good(i + 1)), { ...good(9), price: 'ask us' }, { ...good(10), category: 'spaceship' }];
const fourProblems = { code: 'TH-44', name: 'ผ้าไหม', price: 'ask us', category: 'spaceship', barcode: '8851234567891', photo: 'http://192.0.2.7/a.jpg' };

let catalogue: Served;
let server: TestGateway;
const keys: Record<string, string> = {};

beforeAll(async () => {
  const app = new Hono()
    .get('/items.json', (c) => c.json({ data: { items: ten, total: ten.length }, meta: { page: 1 } }))
    .get('/four.json', (c) => c.json({ data: { items: [good(1), fourProblems] } }))
    .get('/no-id.json', (c) => c.json({ data: { items: [good(1), { ...good(2), code: undefined }] } }))
    .get('/slow.json', async (c) => {
      await state.gate;
      return c.json({ data: { items: ten.slice(0, 3) } });
    })
    .get('/paged.json', (c) => {
      const page = Number(c.req.query('page'));
      if (page === 2 && state.pageTwoFails) return c.text('upstream database is down', 503);
      const items = page === 1 ? ten.slice(0, 5) : page === 2 ? ten.slice(5, 8) : [];
      return c.json({ data: { items } });
    });
  catalogue = await serveOnFreePort(app.fetch);
  server = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' });
  for (const e of ['TH', 'PH']) keys[e] = (await server.graphql(CREATE_KEY, { e }, as(ADMIN))).data.createEconomyKey.key;
});
afterAll(async () => {
  await server.close();
  await catalogue.close();
});

function manifest(id: string, source: Record<string, unknown>, mapping: Record<string, unknown> = {}) {
  return {
    id,
    economy: 'TH',
    programme: 'OTOP',
    name: 'Thailand OTOP (test)',
    source: { format: 'json', items: 'data.items', ...source, url: `${catalogue.url}${source.url}` },
    defaults: { currency: 'THB', language: 'th' },
    mapping: { localId: 'code', name: 'name', price: 'price', category: 'category', images: 'photo', ...mapping },
  };
}

const connectorIds = async () => (await server.graphql('{ connectors { id } }')).data.connectors.map((c: { id: string }) => c.id);

describe('dry runs that explain', () => {
  it('refuses a wrong items path with an ERROR at source.items saying what was read, and registers nothing', async () => {
    const wrong = manifest('th-otop-wrong', { url: '/items.json', items: 'data.products' });
    const { data } = await server.graphql(VALIDATE, { m: wrong }, as(keys.TH));
    expect(data.validateManifest).toMatchObject({ ok: false, sampled: 0, accepted: 0 });
    const [issue] = data.validateManifest.issues;
    expect(issue).toMatchObject({ path: 'source.items', severity: 'ERROR' });
    expect(issue.message).toContain('"data.products"');
    expect(issue.message).toContain('application/json');
    expect(issue.message).toMatch(/"data" holds "items", "total"/);
    expect(issue.message).toContain('set "items" to "data.items"');
    const registered = await server.graphql(REGISTER, { m: wrong }, as(keys.TH));
    expect(registered.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(registered.errors?.[0].extensions.issues[0].path).toBe('source.items');
    expect(await connectorIds()).not.toContain('th-otop-wrong');
  });

  it('refuses format csv against a JSON body with an ERROR at source.format', async () => {
    const csv = { ...manifest('th-otop-csv', { url: '/items.json' }), source: { url: `${catalogue.url}/items.json`, format: 'csv' } };
    const { data } = await server.graphql(VALIDATE, { m: csv }, as(keys.TH));
    expect(data.validateManifest.ok).toBe(false);
    const issue = data.validateManifest.issues.find((i: { path: string }) => i.path === 'source.format');
    expect(issue).toMatchObject({ severity: 'ERROR' });
    expect(issue.message).toMatch(/reads as JSON/);
    expect(issue.message).toContain('set "format" to "json"');
    const registered = await server.graphql(REGISTER, { m: csv }, as(keys.TH));
    expect(registered.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await connectorIds()).not.toContain('th-otop-csv');
  });

  it('warns at mapping.<field> about a mapped path no sampled record holds', async () => {
    const typo = manifest('th-otop-typo', { url: '/items.json' }, { price: 'prix' });
    const { data } = await server.graphql(VALIDATE, { m: typo }, as(keys.TH));
    const warning = data.validateManifest.issues.find((i: { path: string }) => i.path === 'mapping.price');
    expect(warning).toMatchObject({ severity: 'WARNING', record: null });
    expect(warning.message).toContain('"prix"');
    expect(warning.message).toContain('did you mean "price"?');
  });

  it('reports all four problems of one record in one run, in the catalogue’s own words', async () => {
    const four = manifest('th-otop-four', { url: '/four.json' }, { gtin: 'barcode' });
    const { data } = await server.graphql(VALIDATE, { m: four }, as(keys.TH));
    const issues = data.validateManifest.issues.filter((i: { record: string }) => i.record === 'TH-44');
    expect(issues.map((i: { path: string }) => i.path).sort()).toEqual(['category', 'gtin', 'images.0', 'price']);
    const byPath = Object.fromEntries(issues.map((i: { path: string; message: string }) => [i.path, i.message]));
    expect(byPath.price).toContain('"price" holds "ask us"');
    expect(byPath.gtin).toContain('"barcode" holds "8851234567891"');
    expect(byPath['images.0']).toMatch(/"photo" holds "http:\/\/192\.0\.2\.7\/a\.jpg".*IP address where a host name is needed/);
    for (const message of Object.values(byPath)) expect(message).not.toMatch(/Invalid input|Invalid URL|expected string, received/);
  });

  it('names a missing id in words: the field and the column', async () => {
    const { data } = await server.graphql(VALIDATE, { m: manifest('th-otop-noid', { url: '/no-id.json' }) }, as(keys.TH));
    const issue = data.validateManifest.issues.find((i: { path: string }) => i.path === 'localId');
    expect(issue.message).toMatch(/^no local id: the record has nothing at "code"/);
    expect(issue.message).not.toMatch(/Invalid input/);
  });
});

describe('harvest reports', () => {
  it('registers 10 records with 2 bad: COMPLETE, 10 read, 8 accepted, 2 quarantined; a refresh adds a second report, newest first', async () => {
    const { data, errors } = await server.graphql(REGISTER, { m: manifest('th-otop', { url: '/items.json' }) }, as(keys.TH));
    expect(errors).toBeUndefined();
    expect(data.registerConnector.connector).toMatchObject({ status: 'UP', productCount: 8, quarantined: 2 });
    const first = (await server.graphql(REPORTS, {}, as(keys.TH))).data.connectors.find((c: { id: string }) => c.id === 'th-otop');
    expect(first.lastHarvest).toMatchObject({ status: 'COMPLETE', pages: 1, records: 10, accepted: 8, quarantined: 2, truncated: false, error: null });
    expect(first.lastHarvest.issues.map((i: { record: string }) => i.record).sort()).toEqual(['TH-09', 'TH-10']);
    expect(first.harvests).toHaveLength(1);
    const refreshed = await server.graphql('mutation { refreshConnector(id: "th-otop") { status } }', {}, as(keys.TH));
    expect(refreshed.errors).toBeUndefined();
    const after = (await server.graphql(REPORTS, {}, as(keys.TH))).data.connectors.find((c: { id: string }) => c.id === 'th-otop');
    expect(after.harvests).toHaveLength(2);
    expect(after.harvests[0].startedAt > after.harvests[1].startedAt).toBe(true);
    expect(after.harvests.map((h: { status: string; records: number }) => [h.status, h.records])).toEqual([
      ['COMPLETE', 10],
      ['COMPLETE', 10],
    ]);
  });

  it('shows the issues to the TH key and the operator, FORBIDDEN to anonymous callers and other economies (the counts still come back)', async () => {
    const issuesOf = async (headers: Record<string, string>) => {
      const body = await server.graphql('{ connectors { id lastHarvest { accepted issues { record } } } }', {}, headers);
      const at = body.data.connectors.findIndex((c: { id: string }) => c.id === 'th-otop');
      // Only th-otop's errors: the built-in connectors' issues are the operator's alone.
      const errors = (body.errors ?? []).filter((e: { path: unknown[] }) => e.path[1] === at);
      return { report: body.data.connectors[at].lastHarvest, errors };
    };
    for (const caller of [as(keys.TH), as(ADMIN)]) {
      const { report, errors } = await issuesOf(caller);
      expect(report.issues).toHaveLength(2);
      expect(errors).toEqual([]);
    }
    for (const caller of [{}, as(keys.PH), as('made-up-token')]) {
      const { report, errors } = await issuesOf(caller);
      expect(report).toMatchObject({ accepted: 8, issues: null });
      expect(errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toContain('FORBIDDEN');
      expect(errors[0].path).toEqual(['connectors', expect.any(Number), 'lastHarvest', 'issues']);
    }
  });

  it('a harvest whose page 2 fails says TRUNCATED with its error, keeps page 1 served, and leaves the connector DEGRADED', async () => {
    const paged = manifest('th-otop-paged', { url: '/paged.json', pagination: { type: 'page', param: 'page', sizeParam: 'size', size: 5 } });
    const registered = await server.graphql(REGISTER, { m: paged }, as(keys.TH));
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerConnector.connector).toMatchObject({ status: 'UP', productCount: 8 });
    state.pageTwoFails = true;
    try {
      await server.graphql('mutation { refreshConnector(id: "th-otop-paged") { status } }', {}, as(keys.TH));
      const { data } = await server.graphql(
        REPORTS.replace('query {', 'query($p: ID!) {').replace(/} } }$/, '} } product(id: $p) { id } }'),
        { p: 'th-otop-paged:TH-01' },
        as(keys.TH),
      );
      const connector = data.connectors.find((c: { id: string }) => c.id === 'th-otop-paged');
      expect(connector.status).toBe('DEGRADED');
      expect(connector.lastHarvest).toMatchObject({ status: 'TRUNCATED', truncated: true, pages: 1, records: 5 });
      expect(connector.lastHarvest.error).toMatch(/page 2 could not be read \(upstream answered HTTP 503\)/);
      expect(connector.harvests.map((h: { status: string }) => h.status)).toEqual(['TRUNCATED', 'COMPLETE']);
      expect(data.product).toEqual({ id: 'th-otop-paged:TH-01' });
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      state.pageTwoFails = false;
    }
  });
});

describe('a harvest under way', () => {
  it('shows as RUNNING in lastHarvest until it finishes', async () => {
    const { errors } = await server.graphql(REGISTER, { m: manifest('th-otop-slow', { url: '/slow.json' }) }, as(keys.TH));
    expect(errors).toBeUndefined();
    let open = () => {};
    state.gate = new Promise<void>((resolve) => (open = resolve));
    const refresh = server.graphql('mutation { refreshConnector(id: "th-otop-slow") { status } }', {}, as(keys.TH));
    // With the key: an anonymous answer may come from the response cache, which moves with the catalogue, not with a harvest's start.
    const last = async () =>
      (await server.graphql('{ connectors { id lastHarvest { status finishedAt records } } }', {}, as(keys.TH))).data.connectors.find(
        (c: { id: string }) => c.id === 'th-otop-slow',
      ).lastHarvest;
    let seen = await last();
    for (let i = 0; i < 100 && seen.status !== 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await last();
    }
    expect(seen).toEqual({ status: 'RUNNING', finishedAt: null, records: 0 });
    open();
    await refresh;
    expect(await last()).toMatchObject({ status: 'COMPLETE', records: 3 });
  });
});

describe('what callers send is bounded (attacks)', () => {
  it('refuses harvests(last:) and issues(first:) beyond their bounds with BAD_USER_INPUT', async () => {
    const many = await server.graphql('{ connectors { harvests(last: 1000000) { status } } }');
    expect(many.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const negative = await server.graphql('{ connectors { harvests(last: -1) { status } } }');
    expect(negative.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const issues = await server.graphql('{ connectors { lastHarvest { issues(first: 1000000) { path } } } }', {}, as(ADMIN));
    expect(issues.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers a manifest of 300,000 nested brackets on /register with the line and column, not a stack overflow', async () => {
    const response = await fetch(`${server.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ key: keys.TH!, manifest: '['.repeat(300_000), dryRun: '1' }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('line 1, column 300001');
  });
});

describe('harvest reports in Redis', async () => {
  const redis = await resolveRedis();
  afterAll(() => redis.stop?.());

  it.skipIf(!redis.url)(
    'are the same on every instance: the one that harvested writes them, the others read them',
    async () => {
      const prefix = uniquePrefix();
      const [storesA, storesB] = await Promise.all([connectRedisStores(redis.url!, prefix), connectRedisStores(redis.url!, prefix)]);
      const env = { GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' };
      const a = await startGateway(env, { stores: storesA });
      const b = await startGateway(env, { stores: storesB });
      try {
        const key = (await a.graphql(CREATE_KEY, { e: 'TH' }, as(ADMIN))).data.createEconomyKey.key;
        expect((await a.graphql(REGISTER, { m: manifest('th-otop-shared', { url: '/items.json' }) }, as(key))).errors).toBeUndefined();
        const query = '{ connectors { id lastHarvest { status records accepted quarantined issues { record } } } }';
        // B follows the registry within its poll interval: bounded polling, no fixed sleep.
        let seen: any;
        for (let i = 0; i < 100 && !seen?.lastHarvest; i++) {
          seen = (await b.graphql(query, {}, as(key))).data.connectors.find((c: { id: string }) => c.id === 'th-otop-shared');
          if (!seen?.lastHarvest) await new Promise((r) => setTimeout(r, 100));
        }
        expect(seen.lastHarvest).toMatchObject({ status: 'COMPLETE', records: 10, accepted: 8, quarantined: 2 });
        expect(seen.lastHarvest.issues).toHaveLength(2);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await Promise.all([storesA.close(), storesB.close()]);
      }
    },
    30_000,
  );
});
