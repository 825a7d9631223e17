import { describe, expect, it } from 'vitest';
import type { ChangeLog } from './change-log';
import type { ProductChange } from './event';
import { LastUpdates, MAX_PATHS } from './last-updates';
import { createMemoryChangeLog } from './memory-change-log';

const change = (productId: string, type: ProductChange['type'], paths: string[], occurredAt = '2026-12-07T10:00:00.000Z'): ProductChange => ({
  id: `${productId}-${type}-${occurredAt}`,
  type,
  occurredAt,
  productId,
  economy: 'TH',
  connector: 'th-otop',
  version: 1,
  aspects: type === 'UPDATED' ? ['PRICE'] : ['CONTENT'],
  changes: paths.map((path) => ({ path, before: '1', after: '2' })),
  compliance: null,
  category: null,
  certifications: [],
});

describe('LastUpdates', () => {
  it("keeps each product's latest UPDATED event, not its creation, and forgets a removed product", () => {
    const updates = new LastUpdates();
    updates.note([change('th-otop:A', 'CREATED', [])]);
    expect(updates.of('th-otop:A')).toBeUndefined();
    updates.note([change('th-otop:A', 'UPDATED', ['price.amount']), change('th-otop:A', 'UPDATED', ['name.th'], '2026-12-07T11:00:00.000Z')]);
    expect(updates.of('th-otop:A')).toEqual({ occurredAt: '2026-12-07T11:00:00.000Z', aspects: ['PRICE'], paths: ['name.th'], morePaths: 0 });
    updates.note([change('th-otop:A', 'REMOVED', [])]);
    expect(updates.of('th-otop:A')).toBeUndefined();
  });

  it('names at most MAX_PATHS paths and counts the rest', () => {
    const updates = new LastUpdates();
    const paths = Array.from({ length: MAX_PATHS + 5 }, (_, i) => `images.${i}`);
    updates.note([change('th-otop:B', 'UPDATED', paths)]);
    expect(updates.of('th-otop:B')!.paths).toHaveLength(MAX_PATHS);
    expect(updates.of('th-otop:B')!.morePaths).toBe(5);
  });

  it('stays within its bytes: a flood of products drops the oldest', () => {
    const updates = new LastUpdates(64 * 1024);
    for (let i = 0; i < 10_000; i++) updates.note([change(`th-otop:P-${i}`, 'UPDATED', ['price.amount'])]);
    expect(updates.of('th-otop:P-9999')).toBeDefined();
    expect(updates.of('th-otop:P-0')).toBeUndefined();
    const kept = Array.from({ length: 10_000 }, (_, i) => updates.of(`th-otop:P-${i}`)).filter(Boolean).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(1000);
  });
});

describe('LastUpdates.lookup', () => {
  /** A log whose last updates come from `answers`, counting the reads. */
  const logOf = (answers: Map<string, ProductChange>) => {
    const log = Object.create(createMemoryChangeLog()) as ChangeLog & { reads: number };
    log.reads = 0;
    log.lastUpdate = async (productId) => {
      log.reads++;
      const change = answers.get(productId);
      return change ? { occurredAt: change.occurredAt, aspects: change.aspects, paths: change.changes.map((c) => c.path), morePaths: 0 } : null;
    };
    return log;
  };

  it("reads what another instance wrote from the log, reuses it for the TTL (answers of none too), and prefers this instance's own", async () => {
    const answers = new Map([['th-otop:A', change('th-otop:A', 'UPDATED', ['price.amount'])]]);
    const log = logOf(answers);
    let now = 0;
    const updates = new LastUpdates({ log, lookupTtlMs: 1000, now: () => now });
    expect((await updates.lookup('th-otop:A', 'TH'))?.paths).toEqual(['price.amount']);
    expect(await updates.lookup('th-otop:B', 'TH')).toBeNull();
    expect(await updates.lookup('th-otop:A', 'TH')).not.toBeNull();
    expect(await updates.lookup('th-otop:B', 'TH')).toBeNull();
    expect(log.reads).toBe(2);
    // Past the TTL it reads again: another instance wrote B meanwhile.
    answers.set('th-otop:B', change('th-otop:B', 'UPDATED', ['name.th']));
    now += 1000;
    expect((await updates.lookup('th-otop:B', 'TH'))?.paths).toEqual(['name.th']);
    // Its own write wins, without a read; a REMOVED it wrote clears what it had read.
    updates.note([change('th-otop:A', 'UPDATED', ['images.0'], '2026-12-07T12:00:00.000Z')]);
    const reads = log.reads;
    expect((await updates.lookup('th-otop:A', 'TH'))?.paths).toEqual(['images.0']);
    updates.note([change('th-otop:B', 'REMOVED', [])]);
    answers.delete('th-otop:B');
    expect(await updates.lookup('th-otop:B', 'TH')).toBeNull();
    expect(log.reads).toBe(reads + 1);
  });

  it('says nothing when the log cannot: no lastUpdate, or a read that fails', async () => {
    const log = logOf(new Map());
    log.lastUpdate = async () => {
      throw new Error('the store is away');
    };
    expect(await new LastUpdates({ log }).lookup('th-otop:A', 'TH')).toBeNull();
    expect(await new LastUpdates({}).lookup('th-otop:A', 'TH')).toBeNull();
  });
});
