import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamsApp } from '../connectors/samples/app';
import { readSampleFromDisk } from '../gateway/runtime/node/samples';
import { SAMPLE_FILES, type SampleReader } from '../connectors/samples/samples';
import { startGateway, type TestGateway } from './helpers/gateway';
import { serveOnFreePort, type Served } from './helpers/serve';

/** National servers publishing a JP export with bytes that are not Shift_JIS, and a truncated MY feed. */
const brokenSamples: SampleReader = async (path) => {
  const bytes = await readSampleFromDisk(path);
  if (path === SAMPLE_FILES.jp) return new Uint8Array([...bytes.subarray(0, 200), 0x82, 0x20, ...bytes.subarray(200)]);
  if (path === SAMPLE_FILES.my) return bytes.slice(0, Math.floor(bytes.length / 2));
  return bytes;
};

let upstreams: Served;
let server: TestGateway;
beforeAll(async () => {
  upstreams = await serveOnFreePort(createUpstreamsApp(brokenSamples).fetch);
  server = await startGateway({ CATALOGUE_SOURCE: upstreams.url });
});
afterAll(async () => {
  await server.close();
  await upstreams.close();
});

describe('an unreadable catalogue', () => {
  it('marks its connector DOWN with the reason, while the others stay UP', async () => {
    const { data } = await server.graphql('{ connectors { id status productCount lastError } }');
    const byId = Object.fromEntries(data.connectors.map((c: any) => [c.id, c]));
    expect(byId['jp-ovop']).toMatchObject({ status: 'DOWN', productCount: 0, lastError: expect.stringMatching(/shift_jis/i) });
    expect(byId['my-ovop']).toMatchObject({ status: 'DOWN', productCount: 0, lastError: expect.stringMatching(/malformed XML/) });
    expect(byId['id-ovop'].status).toBe('UP');
    expect(byId['vn-ocop'].status).toBe('UP');
  });

  it('answers with the other connectors data plus CONNECTOR_UNAVAILABLE naming each connector down', async () => {
    const { data, errors } = await server.graphql('{ products(first: 100) { totalCount edges { node { economy { code } } } } }');
    expect(new Set(data.products.edges.map((e: any) => e.node.economy.code))).toEqual(new Set(['ID', 'VN']));
    expect(errors?.map((e: any) => [e.extensions.code, e.extensions.connector]).sort()).toEqual([
      ['CONNECTOR_UNAVAILABLE', 'jp-ovop'],
      ['CONNECTOR_UNAVAILABLE', 'my-ovop'],
    ]);
  });

  it('reports not ready', async () => {
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(503);
  });
});
