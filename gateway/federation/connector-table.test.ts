import { describe, expect, it } from 'vitest';
import type { Connector, Transport } from '../../connectors/core/connector';
import type { CanonicalProduct } from '../../schemas/product';
import { catalogueOf } from './catalogue/snapshot-catalogue';
import { type ConnectorState, ConnectorTable } from './connector-table';
import type { Snapshot } from './snapshot';

const connector = (id: string) => ({ id, economy: 'VN', programme: 'OCOP', name: id, builtin: true, refresh: { ttlSeconds: 3600 } }) as unknown as Connector;
const stateOf = (id: string): ConnectorState => ({ connector: connector(id), transport: {} as Transport });
const product = (id: string) =>
  ({ id, economy: 'VN', language: 'vi', name: { vi: 'trà sen' }, origin: { country: 'VN' }, certifications: [] }) as unknown as CanonicalProduct;
const snapshotOf = async (id: string, fetchedAt: string, truncated?: string): Promise<Snapshot> => ({
  connector: id,
  catalogue: await catalogueOf([product(`${id}:1`)]),
  quarantined: [],
  records: 1,
  fetchedAt,
  ...(truncated && { truncated }),
});

describe('ConnectorTable', () => {
  it('moves its version with every change, and rebuilds the index only when it moved', async () => {
    const table = new ConnectorTable();
    const a = stateOf('vn-a');
    table.set(a);
    const empty = table.index();
    expect(table.index()).toBe(empty);
    expect(empty.version).toBe(table.version);
    table.adopt(a, await snapshotOf('vn-a', '2026-12-01T00:00:00Z'));
    const one = table.index();
    expect(one).not.toBe(empty);
    expect(one.version).toBe(table.version);
    const before = table.version;
    table.fail(a, 'upstream down', '2026-12-02T00:00:00Z');
    expect(table.version).toBe(before + 1);
    expect(a).toMatchObject({ lastError: 'upstream down', lastRefresh: '2026-12-02T00:00:00Z' });
    expect(table.index()).not.toBe(one);
    expect(table.delete('vn-a')).toBe(true);
    expect(table.delete('vn-a')).toBe(false);
  });

  it('knows whether a state still serves its connector, after a replacement', () => {
    const table = new ConnectorTable();
    const first = stateOf('vn-a');
    table.set(first);
    expect(table.holds(first)).toBe(true);
    table.set(stateOf('vn-a'));
    expect(table.holds(first)).toBe(false);
    expect(table.all()).toHaveLength(1);
  });

  it('counts every connector started only once each has a first load', () => {
    const table = new ConnectorTable();
    const a = stateOf('vn-a');
    const b = stateOf('vn-b');
    table.set(a);
    table.set(b);
    a.started = Promise.resolve();
    expect(table.allStarted()).toBe(false);
    b.started = Promise.resolve();
    expect(table.allStarted()).toBe(true);
  });
});
