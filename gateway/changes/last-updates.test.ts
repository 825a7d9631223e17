import { describe, expect, it } from 'vitest';
import type { ProductChange } from './event';
import { LastUpdates, MAX_PATHS } from './last-updates';

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
