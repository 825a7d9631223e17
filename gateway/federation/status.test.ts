import { describe, expect, it } from 'vitest';
import type { Connector, Transport } from '../../connectors/core/connector';
import type { CanonicalProduct } from '../../schemas/product';
import { catalogueOf } from './catalogue/snapshot-catalogue';
import type { ConnectorState } from './connector-table';
import { HarvestTimings, viewOf } from './status';

const connector = {
  id: 'vn-ocop',
  economy: 'VN',
  programme: 'OCOP',
  name: 'Vietnam OCOP',
  builtin: true,
  refresh: { ttlSeconds: 3600 },
} as unknown as Connector;
const product = (id: string) =>
  ({ id, economy: 'VN', language: 'vi', name: { vi: 'trà sen' }, origin: { country: 'VN' }, certifications: [] }) as unknown as CanonicalProduct;

describe('a connector as the API shows it', () => {
  it('is DOWN with nothing to serve, and says when its first harvest is still under way', () => {
    const state: ConnectorState = { connector, transport: {} as Transport };
    expect(viewOf(state)).toMatchObject({ status: 'DOWN', productCount: 0, lastError: null, lastRefresh: null });
    state.started = new Promise(() => {});
    expect(viewOf(state).lastError).toBe('first harvest still in progress');
  });

  it('is UP serving a good harvest, DEGRADED when the last one failed, with its counts', async () => {
    const catalogue = await catalogueOf([product('vn-ocop:1'), product('vn-ocop:2')]);
    const state: ConnectorState = {
      connector,
      transport: {} as Transport,
      snapshot: { connector: 'vn-ocop', catalogue, quarantined: [], records: 5, fetchedAt: '2026-12-01T00:00:00Z' },
      lastRefresh: '2026-12-01T00:00:00Z',
    };
    expect(viewOf(state)).toMatchObject({ id: 'vn-ocop', economy: 'VN', status: 'UP', productCount: 2, quarantined: 3 });
    state.lastError = 'timed out';
    expect(viewOf(state)).toMatchObject({ status: 'DEGRADED', productCount: 2, lastError: 'timed out' });
  });
});

describe('a harvest that accepted nothing', () => {
  it('is DEGRADED and says so, never silently UP with 0 products', async () => {
    const state: ConnectorState = {
      connector,
      transport: {} as Transport,
      snapshot: { connector: 'vn-ocop', catalogue: await catalogueOf([]), quarantined: [], records: 4, fetchedAt: '2026-12-01T00:00:00Z' },
    };
    expect(viewOf(state)).toMatchObject({ status: 'DEGRADED', productCount: 0, lastError: 'the last harvest accepted none of the 4 records it read' });
  });
});

describe('HarvestTimings', () => {
  it('lists each harvest time, and recomputes only when the version moved', () => {
    const timings = new HarvestTimings();
    const state: ConnectorState = { connector, transport: {} as Transport, lastHarvestMs: 12.345 };
    expect(timings.of(() => [state], 1)).toBe('vn-ocop;desc="last harvest";dur=12.3');
    state.lastHarvestMs = 50;
    expect(timings.of(() => [state], 1)).toBe('vn-ocop;desc="last harvest";dur=12.3');
    expect(timings.of(() => [state], 2)).toBe('vn-ocop;desc="last harvest";dur=50.0');
    expect(timings.of(() => [{ connector, transport: {} as Transport }], 3)).toBe('');
  });
});
