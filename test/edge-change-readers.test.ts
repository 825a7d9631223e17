import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEdgeGateway, type EdgeGateway } from './helpers/edge';

let edge: EdgeGateway;

beforeAll(async () => {
  edge = await startEdgeGateway();
}, 120_000);
afterAll(async () => {
  await edge?.close();
});

describe('the change readers in the Workers runtime (workerd)', () => {
  it('streams the export, with its cursor', async () => {
    const response = await fetch(`${edge.url}/exports/products.ndjson?economy=VN`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-changes-cursor')).toMatch(/^c1\./);
    const lines = (await response.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(JSON.parse(line).economy).toBe('VN');
  });

  it('serves the Merchant feed as valid XML', async () => {
    const response = await fetch(`${edge.url}/feeds/google-merchant.xml?currency=USD`);
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<g:availability>in_stock</g:availability>');
  });

  it('opens the change stream with its first comment', async () => {
    const response = await fetch(`${edge.url}/changes/stream`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first.startsWith(': ovop change stream')).toBe(true);
    await reader.cancel();
  });
});
