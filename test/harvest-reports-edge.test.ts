import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';
import { startEconomyServer, thManifest, type EconomyServer } from './helpers/economy-server';

/** Harvest reports in the real Workers runtime: kept in KV through the registry store, issues for the economy alone. */
const ADMIN = 'operator-token-for-edge-harvest-reports';
let edge: EdgeGateway;
let economy: EconomyServer;

beforeAll(async () => {
  [edge, economy] = await Promise.all([startEdgeGateway({ GATEWAY_ADMIN_TOKEN: ADMIN, ALLOW_PRIVATE_UPSTREAMS: 'true' }), startEconomyServer()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([edge?.close(), economy?.close()]);
});

describe('harvest reports on the edge', () => {
  it('keeps each harvest’s report in KV: counts for everyone, issues for the economy key and the operator', async () => {
    const key = (await edge.graphql('mutation { createEconomyKey(economy: "TH") { key } }', {}, { authorization: `Bearer ${ADMIN}` })).data.createEconomyKey
      .key;
    const registered = await edge.graphql(
      'mutation($m: JSON!) { registerConnector(manifest: $m) { connector { id } } }',
      { m: thManifest(economy.url) },
      {
        authorization: `Bearer ${key}`,
      },
    );
    expect(registered.errors).toBeUndefined();
    await edge.graphql('mutation { refreshConnector(id: "th-otop") { status } }', {}, { authorization: `Bearer ${key}` });
    const query = '{ connectors { id lastHarvest { status records accepted quarantined issues { record path severity } } harvests(last: 5) { status } } }';
    const mine = (await edge.graphql(query, {}, { authorization: `Bearer ${key}` })).data.connectors.find((c: { id: string }) => c.id === 'th-otop');
    expect(mine.lastHarvest).toMatchObject({ status: 'COMPLETE', records: 16, accepted: 14, quarantined: 2 });
    expect(mine.lastHarvest.issues.map((i: { record: string }) => i.record)).toEqual(expect.arrayContaining(['OTOP-TH-0901', 'OTOP-TH-0902']));
    expect(mine.harvests.map((h: { status: string }) => h.status)).toEqual(['COMPLETE', 'COMPLETE']);
    const anonymous = await edge.graphql(query);
    const at = anonymous.data.connectors.findIndex((c: { id: string }) => c.id === 'th-otop');
    expect(anonymous.data.connectors[at].lastHarvest).toMatchObject({ accepted: 14, issues: null });
    expect(anonymous.errors?.find((e: { path: unknown[] }) => e.path[1] === at)?.extensions.code).toBe('FORBIDDEN');
  }, 60_000);
});
