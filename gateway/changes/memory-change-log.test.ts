import { describe, expect, it } from 'vitest';
import { changeLogContract } from './change-log.contract';
import { CursorExpiredError } from './errors';
import { ChangeStateFullError } from './errors';
import { eventId } from './event-id';
import type { ProductChange } from './event';
import { createMemoryChangeLog } from './memory-change-log';

describe('the memory change log: the contract', () => {
  changeLogContract(async () => {
    const shared = new Map<string, ReturnType<typeof createMemoryChangeLog>>();
    return {
      // Every client of one memory store is the store itself.
      open: async (options) => shared.get('log') ?? (shared.set('log', createMemoryChangeLog(options)), shared.get('log')!),
      disconnect: async () => {},
    };
  });
});

const change = async (productId: string, version: number, padding = 0): Promise<ProductChange> => ({
  id: await eventId({ productId, type: 'UPDATED', version, before: String(version - 1), after: String(version) }),
  type: 'UPDATED',
  occurredAt: '2026-12-01T00:00:00.000Z',
  productId,
  economy: 'JP',
  connector: 'jp-ovop',
  version,
  aspects: ['CONTENT'],
  changes: [{ path: 'story.ja', before: null, after: 'x'.repeat(padding) }],
  compliance: null,
  category: null,
  certifications: [],
});

describe('the memory change log: its bounds', () => {
  it('drops the oldest events at its byte bound, and their cursors expire', async () => {
    let now = 1_000;
    const log = createMemoryChangeLog({ maxEventBytes: 20_000, clock: () => now });
    const start = await log.head();
    for (let v = 1; v <= 10; v++) {
      now++;
      await log.append({
        connector: 'jp-ovop',
        economy: 'JP',
        commits: [
          {
            productId: 'jp-ovop:a',
            baseVersion: v - 1,
            events: [await change('jp-ovop:a', v, 4000)],
            row: { productId: 'jp-ovop:a', version: v, hash: String(v), fields: {} },
          },
        ],
      });
    }
    await expect(log.read({ after: start, limit: 10 })).rejects.toBeInstanceOf(CursorExpiredError);
    const kept = await log.read({ after: await log.oldest(), limit: 10 });
    expect(kept.entries.length).toBeGreaterThan(0);
    expect(kept.entries.length).toBeLessThan(10);
    expect(kept.entries.at(-1)!.change.version).toBe(10);
  });

  it('refuses to record past its state bound rather than forget a product', async () => {
    const log = createMemoryChangeLog({ maxStateBytes: 1_000 });
    const row = (id: string) => ({ productId: id, version: 1, hash: 'h', fields: { story: 'y'.repeat(300) } });
    const commit = async (id: string) => ({ productId: id, baseVersion: 0, events: [await change(id, 1)], row: row(id) });
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await commit('jp-ovop:1'), await commit('jp-ovop:2')] });
    await expect(log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await commit('jp-ovop:3'), await commit('jp-ovop:4')] })).rejects.toBeInstanceOf(
      ChangeStateFullError,
    );
    expect([...(await log.state('jp-ovop', 'JP')).rows.keys()]).toEqual(['jp-ovop:1', 'jp-ovop:2']);
  });
});

describe('the memory change log: digest pages', () => {
  it('pages in the order rows were first written, at most digestPageSize, and refuses a cursor or limit it never gave', async () => {
    const log = createMemoryChangeLog({ digestPageSize: 2 });
    const commit = async (productId: string) => ({ productId, baseVersion: 0, events: [], row: { productId, version: 0, hash: 'h', fields: {} } });
    await log.append({ connector: 'jp-ovop', economy: 'JP', commits: [await commit('jp-ovop:c'), await commit('jp-ovop:a'), await commit('jp-ovop:b')] });
    const first = await log.digestPage('jp-ovop', 'JP', { limit: 500 });
    expect([first.digests.map(([id]) => id), first.next]).toEqual([['jp-ovop:c', 'jp-ovop:a'], '2']);
    const last = await log.digestPage('jp-ovop', 'JP', { after: first.next });
    expect([last.digests.map(([id]) => id), last.next]).toEqual([['jp-ovop:b'], null]);
    await expect(log.digestPage('jp-ovop', 'JP', { after: 'jp-ovop:a' })).rejects.toThrow();
    await expect(log.digestPage('jp-ovop', 'JP', { limit: 0 })).rejects.toThrow(RangeError);
  });
});
