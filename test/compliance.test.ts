import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDocumentLoader } from '../gateway/jsonld/document-loader';
import { startGateway, type TestGateway } from './helpers/gateway';

let today = new Date('2026-11-23T09:00:00Z');
let server: TestGateway;
beforeAll(async () => {
  server = await startGateway({}, { clock: () => today });
});
afterAll(() => server.close());

const REPORT = /* GraphQL */ `
  query Report($id: ID!, $destination: String!, $lang: String) {
    compliance(productId: $id, destination: $destination, lang: $lang) {
      productId destination status checks { code mandatory requirement status detail reference }
    }
  }
`;

describe('export compliance for an exporter', () => {
  it('gives a consistent checklist with references for every product and supported destination', async () => {
    const { data } = await server.graphql(`{ products(first: 100) { edges { node { id
      jp: compliance(destination: "JP") { status checks { code status reference } }
      vn: compliance(destination: "VN") { status checks { code status reference } }
      th: compliance(destination: "TH") { status checks { code status reference } }
    } } } }`);
    for (const { node } of data.products.edges) {
      for (const report of [node.jp, node.vn, node.th]) {
        expect(['READY', 'GAPS', 'BLOCKED']).toContain(report.status);
        const blocking = report.checks.some((c: any) => c.status === 'MISSING' || c.status === 'EXPIRED');
        expect(report.status === 'BLOCKED').toBe(blocking);
        for (const c of report.checks) expect(c.reference).toBeTruthy();
      }
    }
  });

  it('finds the expired halal certificate in the sample catalogue, judged against today', async () => {
    const { data } = await server.graphql(REPORT, { id: 'my-ovop:MY-0014', destination: 'MY' });
    const halal = data.compliance.checks.find((c: any) => c.code === 'HALAL_CERTIFICATE');
    expect(halal).toMatchObject({ status: 'EXPIRED', mandatory: true, detail: expect.stringContaining('2026-03-31') });
    expect(data.compliance.status).toBe('BLOCKED');
    today = new Date('2026-01-15T00:00:00Z');
    const before = await server.graphql(REPORT, { id: 'my-ovop:MY-0014', destination: 'MY' });
    expect(before.data.compliance.checks.find((c: any) => c.code === 'HALAL_CERTIFICATE').status).toBe('PASS');
    today = new Date('2026-11-23T09:00:00Z');
  });

  it('reads the checklist in the exporter language', async () => {
    const { data } = await server.graphql(REPORT, { id: 'vn-ocop:LS-0001', destination: 'JP', lang: 'vi' });
    expect(data.compliance.checks.find((c: any) => c.code === 'HS_CODE').requirement).toBe('Mã HS 6 số để phân loại hải quan');
  });

  it('refuses an unknown destination with BAD_USER_INPUT and an unknown product with NOT_FOUND', async () => {
    expect((await server.graphql(REPORT, { id: 'vn-ocop:LS-0001', destination: 'XX' })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await server.graphql(REPORT, { id: 'vn-ocop:NOPE', destination: 'JP' })).errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('serves the report as JSON-LD at /products/{id}/compliance/{destination}', async () => {
    const response = await fetch(`${server.url}/products/${encodeURIComponent('id-ovop:IDN-0001')}/compliance/JP?lang=ja`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const doc = await response.json();
    expect(doc).toMatchObject({ type: 'ComplianceReport', destination: 'JP', assessedOn: '2026-11-23' });
    const expanded = await jsonld.expand(doc, { documentLoader: localDocumentLoader as any });
    expect(expanded[0]!['@type']).toEqual(['https://w3id.org/apec-ovop/vocab#ComplianceReport']);
    const bad = await fetch(`${server.url}/products/${encodeURIComponent('id-ovop:IDN-0001')}/compliance/ZZ`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
    expect((await fetch(`${server.url}/products/nope:x/compliance/JP`)).status).toBe(404);
  });

  it('carries certificates with identifier, issuer and expiry in the product document', async () => {
    const doc = await (await fetch(`${server.url}/products/${encodeURIComponent('my-ovop:MY-0014')}`)).json();
    expect(doc.hasCertification).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          certificationScheme: 'HALAL',
          certificationIdentification: expect.any(String),
          issuedBy: expect.objectContaining({ name: expect.any(String) }),
          expires: '2026-03-31',
        }),
      ]),
    );
  });
});
