import { describe, expect, it } from 'vitest';
import { type HarvestReport, runningReport } from '../federation/harvest-report';
import { MemoryRegistry } from '../stores/memory';
import { HARVESTS_KIND, StoredHarvestReports } from './harvest-reports';

const report = (n: number, issues = 0): HarvestReport => ({
  ...runningReport('th-otop', new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString()),
  status: 'COMPLETE',
  finishedAt: new Date(Date.UTC(2026, 0, 1, 0, n, 5)).toISOString(),
  records: 10,
  accepted: 10 - Math.min(issues, 10),
  quarantined: Math.min(issues, 10),
  issues: Array.from({ length: issues }, (_, i) => ({
    record: `R-${i}`,
    path: 'price',
    message: `"price" holds "x${'y'.repeat(600)}"`,
    severity: 'ERROR' as const,
  })),
});

describe('StoredHarvestReports', () => {
  it('keeps the last reports newest first, at most `keep`', async () => {
    const reports = new StoredHarvestReports({ store: new MemoryRegistry(), log: () => {}, keep: 3 });
    for (let n = 1; n <= 5; n++) await reports.add(report(n));
    const kept = await reports.recent('th-otop', 10);
    expect(kept.map((r) => r.startedAt)).toEqual([report(5).startedAt, report(4).startedAt, report(3).startedAt]);
    expect(await reports.recent('th-otop', 1)).toHaveLength(1);
    expect(await reports.recent('ph-otop', 10)).toEqual([]);
  });

  it('bounds a connector’s record in bytes: messages clipped, the oldest reports’ issues let go first, the counts kept', async () => {
    const store = new MemoryRegistry();
    const reports = new StoredHarvestReports({ store, log: () => {}, maxBytes: 16 * 1024, maxMessageChars: 200 });
    for (let n = 1; n <= 6; n++) await reports.add(report(n, 20));
    const text = (await store.get(HARVESTS_KIND, 'th-otop'))!;
    expect(new TextEncoder().encode(text).byteLength).toBeLessThanOrEqual(16 * 1024);
    const kept = await reports.recent('th-otop', 20);
    expect(kept[0]!.issues).toHaveLength(20);
    expect(kept[0]!.issues[0]!.message.length).toBeLessThanOrEqual(200);
    expect(kept.at(-1)!.issues).toEqual([]);
    expect(kept.every((r) => r.quarantined === 10)).toBe(true);
  });

  it('reads a damaged record as no history (logged), and forgets a removed connector', async () => {
    const store = new MemoryRegistry();
    const logged: string[] = [];
    const reports = new StoredHarvestReports({ store, log: (_, message) => void logged.push(message) });
    await store.put(HARVESTS_KIND, 'th-otop', '{"reports": [{"status": "EXPLODED"}]}');
    expect(await reports.recent('th-otop', 5)).toEqual([]);
    expect(logged).toHaveLength(1);
    await reports.add(report(1));
    expect(await reports.recent('th-otop', 5)).toHaveLength(1);
    await reports.remove('th-otop');
    expect(await reports.recent('th-otop', 5)).toEqual([]);
  });
});
