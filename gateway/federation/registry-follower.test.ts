import { describe, expect, it } from 'vitest';
import type { Connector } from '../../connectors/core/connector';
import type { RegisteredConnectors } from './registered-connectors';
import { RegistryFollower } from './registry-follower';

/** A registry in memory: its version moves with every change, as the real one's does. */
class MemoryRegistry implements RegisteredConnectors {
  readonly entries = new Map<string, string>();
  reads = { version: 0, records: 0 };
  failing = false;
  private serial = 0;

  put(id: string, record: string): void {
    this.entries.set(id, record);
    this.serial++;
  }
  drop(id: string): void {
    this.entries.delete(id);
    this.serial++;
  }
  async version() {
    this.reads.version++;
    if (this.failing) throw new Error('registry unreachable');
    return String(this.serial);
  }
  async records() {
    this.reads.records++;
    return new Map(this.entries);
  }
  connectorOf(record: string): Connector {
    return { id: record.split('@')[0] } as Connector;
  }
}

function follow(registry: MemoryRegistry, everyMs = 0) {
  const installed = new Map<string, string>();
  const logged: string[] = [];
  const follower: RegistryFollower = new RegistryFollower({
    registered: registry,
    install: (id, record) => {
      installed.set(id, record);
      follower.note(id, record);
    },
    remove: async (id) => {
      installed.delete(id);
      follower.forget(id);
    },
    log: (level, message, fields) => logged.push(`${level} ${message} ${JSON.stringify(fields)}`),
    everyMs,
  });
  return { follower, installed, logged };
}

describe('RegistryFollower', () => {
  it('installs new and changed records, removes the ones gone, and reads records only when the version moved', async () => {
    const registry = new MemoryRegistry();
    registry.put('a', 'a@1');
    registry.put('b', 'b@1');
    const { follower, installed } = follow(registry);
    await follower.inStep();
    expect([...installed]).toEqual([
      ['a', 'a@1'],
      ['b', 'b@1'],
    ]);
    await follower.inStep();
    expect(registry.reads).toEqual({ version: 2, records: 1 });
    registry.put('a', 'a@2');
    registry.drop('b');
    await follower.inStep();
    expect([...installed]).toEqual([['a', 'a@2']]);
    expect(registry.reads.records).toBe(2);
  });

  it('reads the version at most once per interval, joining the read under way', async () => {
    const registry = new MemoryRegistry();
    const { follower } = follow(registry, 60_000);
    await Promise.all([follower.inStep(), follower.inStep(), follower.inStep()]);
    await follower.inStep();
    expect(registry.reads.version).toBe(1);
  });

  it('logs a registry it cannot read, keeps what is installed, and tries again', async () => {
    const registry = new MemoryRegistry();
    registry.put('a', 'a@1');
    const { follower, installed, logged } = follow(registry);
    await follower.inStep();
    registry.failing = true;
    registry.drop('a');
    await follower.inStep();
    expect(logged).toEqual([expect.stringMatching(/^warn could not read registrations .*registry unreachable/)]);
    expect(installed.has('a')).toBe(true);
    registry.failing = false;
    await follower.inStep();
    expect(installed.has('a')).toBe(false);
  });
});
