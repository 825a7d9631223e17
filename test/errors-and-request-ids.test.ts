import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CatalogueIndex } from '../gateway/federation/catalogue/catalogue-index';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * What a caller and an operator see of a request: an unexpected error is masked for the caller and
 * logged in full under the request id; every response carries X-Request-Id and Server-Timing.
 */

const logs: Array<Record<string, unknown>> = [];
let server: TestGateway;
beforeAll(async () => {
  server = await startGateway({}, { log: (level, message, fields) => void logs.push({ level, message, ...fields }) });
});
afterAll(() => server.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('errors and request ids', () => {
  it('masks an unexpected error as INTERNAL_SERVER_ERROR and logs it with the request id', async () => {
    const lookup = vi.spyOn(CatalogueIndex.prototype, 'lookup').mockImplementation(() => {
      throw new Error('secret internal detail at /srv/gateway');
    });
    const response = await post(JSON.stringify({ query: '{ product(id: "vn-ocop:LS-0001") { id } }' }), { 'x-request-id': 'portal-req-000123' });
    lookup.mockRestore();
    const text = await response.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(text).not.toContain('secret internal detail');
    expect(text).not.toContain('/srv/gateway');
    expect(response.headers.get('x-request-id')).toBe('portal-req-000123');
    expect(logs).toContainEqual(expect.objectContaining({ requestId: 'portal-req-000123', error: expect.stringContaining('secret internal detail') }));
  });

  it('answers every response with X-Request-Id and Server-Timing per connector', async () => {
    for (const path of ['/healthz', '/vocab', '/products/nope', '/graphql?query=%7Bcategories%7Bcode%7D%7D']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    await server.graphql('{ products { totalCount } }');
    const timing = (await fetch(`${server.url}/vocab`)).headers.get('server-timing')!;
    expect(timing).toMatch(/^total;dur=[\d.]+/);
    for (const id of ['jp-ovop', 'id-ovop', 'my-ovop', 'vn-ocop']) expect(timing).toContain(`${id};desc="last harvest";dur=`);
  });
});
