import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from './helpers/gateway';
import { serveOnFreePort, type Served } from './helpers/serve';

/**
 * Issue 28, row 2: a TH key registers one record carrying an Indonesian product's GTIN. The GTIN
 * belongs to the connector that first served it: the TH record is quarantined with an issue naming
 * the owner, in the dry run and in the registration's report; /01/{gtin} still leads to the
 * Indonesian product; the owner hears of it in its next harvest. Over real HTTP.
 */
const ADMIN = 'operator-token-for-the-gtin-suite';
const VALIDATE = 'mutation($m: JSON!) { validateManifest(manifest: $m) { ok accepted rejected issues { record path message } } }';
const REGISTER = 'mutation($m: JSON!) { registerConnector(manifest: $m) { report { ok accepted rejected issues { record path message } } } }';
let gw: TestGateway;
let th: Served;
let thKey: string;
let owned: { id: string; gtin: string };

beforeAll(async () => {
  gw = await startGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' });
  const { data } = await gw.graphql('{ products(first: 50, filter: { economies: ["ID"] }) { edges { node { id gtin } } } }');
  owned = data.products.edges.map((e: { node: { id: string; gtin: string | null } }) => e.node).find((p: { gtin: string | null }) => p.gtin);
  expect(owned).toBeDefined();
  const items = [
    { code: 'TH-COPY', name: 'Copied batik', price: 100, barcode: owned.gtin },
    { code: 'TH-OWN', name: 'Thai silk', price: 900 },
  ];
  th = await serveOnFreePort(new Hono().get('/items', (c) => c.json({ items })).fetch);
  thKey = (await gw.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` })).data.createEconomyKey.key;
});
afterAll(() => Promise.all([gw?.close(), th?.close()]));

const manifest = () => ({
  id: 'th-otop',
  economy: 'TH',
  programme: 'OTOP',
  name: 'Thailand OTOP',
  source: { url: `${th.url}/items`, format: 'json', items: 'items' },
  defaults: { currency: 'THB', language: 'en' },
  mapping: { localId: 'code', name: { en: 'name' }, price: 'price', gtin: 'barcode' },
});
const digitalLink = async (gtin: string) => (await fetch(`${gw.url}/01/${gtin.padStart(14, '0')}`, { redirect: 'manual' })).headers.get('location');

describe('a GTIN belongs to the connector that first served it (attack)', () => {
  it('the dry run says the record would be quarantined, naming the owner', async () => {
    const { data } = await gw.graphql(VALIDATE, { m: manifest() }, { authorization: `Bearer ${thKey}` });
    expect(data.validateManifest.ok).toBe(false);
    expect(data.validateManifest.accepted).toBe(1);
    expect(data.validateManifest.issues).toEqual([
      expect.objectContaining({ record: 'TH-COPY', path: 'gtin', message: expect.stringContaining('id-ovop (ID)') }),
    ]);
  });

  it('registration quarantines the record: the Digital Link still leads to the owner, the copy is not served', async () => {
    const { data } = await gw.graphql(REGISTER, { m: manifest() }, { authorization: `Bearer ${thKey}` });
    expect(data.registerConnector.report.accepted).toBe(1);
    expect(data.registerConnector.report.issues).toEqual([
      expect.objectContaining({ record: 'TH-COPY', path: 'gtin', message: expect.stringContaining('id-ovop (ID)') }),
    ]);
    expect(await digitalLink(owned.gtin)).toBe(`/products/${encodeURIComponent(owned.id)}`);
    const copy = await gw.graphql('{ product(id: "th-otop:TH-COPY") { id } own: product(id: "th-otop:TH-OWN") { id } }');
    expect(copy.data.product).toBeNull();
    expect(copy.data.own).toEqual({ id: 'th-otop:TH-OWN' });
  });

  it("the owner's next harvest reports the conflict too", async () => {
    await gw.gateway.federation.refresh('id-ovop');
    const issues = gw.gateway.federation.lastHarvest('id-ovop')?.quarantined ?? [];
    expect(issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'gtin', message: expect.stringContaining('th-otop (TH) record TH-COPY') })]),
    );
  });

  it('both economies see it in their harvest reports: an error for the copier, a warning for the owner', async () => {
    const REPORTS = '{ connectors { id lastHarvest { quarantined issues { record path message severity } } } }';
    const { data } = await gw.graphql(REPORTS, {}, { authorization: `Bearer ${ADMIN}` });
    const report = (id: string) => data.connectors.find((c: { id: string }) => c.id === id).lastHarvest;
    expect(report('th-otop').issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ record: 'TH-COPY', path: 'gtin', severity: 'ERROR', message: expect.stringContaining('id-ovop (ID)') }),
      ]),
    );
    expect(report('th-otop').quarantined).toBe(1);
    expect(report('id-ovop').issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'gtin', severity: 'WARNING', message: expect.stringContaining('th-otop (TH) record TH-COPY') })]),
    );
    // A notice is not one of the owner's records: its count of quarantined records does not move.
    expect(report('id-ovop').quarantined).toBe(report('id-ovop').issues.filter((i: { severity: string }) => i.severity === 'ERROR').length);
  });

  it('a later harvest of the copier changes nothing', async () => {
    await gw.gateway.federation.refresh('th-otop');
    expect(await digitalLink(owned.gtin)).toBe(`/products/${encodeURIComponent(owned.id)}`);
  });
});
