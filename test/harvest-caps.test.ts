import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARVEST_CAPS } from '../connectors/core/harvest-caps';
import { createDeclarativeConnector } from '../connectors/declarative/index';
import { Manifest } from '../schemas/manifest';
import { serveOnFreePort, type Served } from './helpers/serve';

/**
 * A harvest has caps on records, bytes and quarantined records (issue 28): a catalogue over one is
 * truncated and reported, never held. The gateway's caps are large (a million records, 256 MiB;
 * test/catalogue-attacks.test.ts drives the byte and quarantine caps through the gateway), so here
 * a declarative connector harvests an endless source over real HTTP under lower ones.
 */
let source: Served;
let requests = 0;

beforeAll(async () => {
  source = await serveOnFreePort((request) => {
    requests++;
    const url = new URL(request.url);
    const page = Number(url.searchParams.get('page') ?? 1);
    const broken = url.pathname === '/broken';
    const items = Array.from({ length: 100 }, (_, i) => (broken ? {} : { sku: `S${page}-${i}`, name: `Basket ${page}-${i}` }));
    return Response.json({ items });
  });
});
afterAll(() => source?.close());

const connector = (path: string) =>
  createDeclarativeConnector(
    Manifest.parse({
      id: 'th-endless',
      economy: 'TH',
      programme: 'OTOP',
      name: 'endless',
      source: { url: `${source.url}${path}`, format: 'json', items: 'items', pagination: { type: 'page', param: 'page' } },
      defaults: { currency: 'THB', language: 'en' },
      mapping: { localId: 'sku', name: 'name' },
    }),
  );

describe('harvest caps', () => {
  it('stop an endless catalogue at the cap on records, keep what was read, and say so', async () => {
    const before = requests;
    const harvest = await connector('/items').harvest({ transport: fetch, caps: { records: 1_050 } });
    expect(harvest).toMatchObject({ accepted: 1_050, records: 1_050, pages: 11, truncated: expect.stringMatching(/cap of 1050 records/) });
    expect(requests - before).toBe(11);
  });

  it('stop at the cap on bytes over all pages: the page that passes it is not read', async () => {
    const harvest = await connector('/items').harvest({ transport: fetch, caps: { bytes: 20_000 } });
    expect(harvest.truncated).toMatch(/cap of 20000 bytes/);
    expect(harvest.accepted).toBe(100 * (harvest.pages - 1));
    expect(harvest.pages).toBeGreaterThan(1);
  });

  it('stop at the cap on quarantined records, keeping counts and the first issues only', async () => {
    const harvest = await connector('/broken').harvest({ transport: fetch, caps: { quarantined: 250, keptIssues: 20 } });
    expect(harvest).toMatchObject({ accepted: 0, records: 250, pages: 3, truncated: expect.stringMatching(/cap of 250 quarantined records/) });
    expect(harvest.quarantined).toHaveLength(20);
    expect(harvest.issues).toBeGreaterThanOrEqual(250);
  });

  it('a dry run (a sample of records) is not a truncation', async () => {
    const harvest = await connector('/items').harvest({ transport: fetch, limit: 1000 });
    expect(harvest).toMatchObject({ accepted: 1000, pages: 10 });
    expect(harvest.truncated).toBeUndefined();
  });

  it('the gateway harvests under the documented caps', () => {
    expect(HARVEST_CAPS).toEqual({ records: 1_000_000, bytes: 256 * 1024 * 1024, quarantined: 100_000, keptIssues: 500 });
  });
});
