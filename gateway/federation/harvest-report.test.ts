import { describe, expect, it } from 'vitest';
import type { Harvest } from '../../connectors/core/connector';
import { failedReport, finishedReport, MAX_REPORT_ISSUES, runningReport } from './harvest-report';

const harvest = (over: Partial<Harvest> = {}): Harvest => ({ products: [], accepted: 8, quarantined: [], records: 10, pages: 2, ...over });

describe('harvest reports', () => {
  it('a complete harvest: its counts, no error', () => {
    const running = runningReport('th-otop', '2026-12-01T00:00:00.000Z');
    expect(running).toMatchObject({ status: 'RUNNING', finishedAt: null });
    const issues = [{ record: 'A', path: 'price', message: 'unreadable price' }];
    expect(finishedReport({ running, harvest: harvest({ quarantined: issues }), accepted: 8, finishedAt: '2026-12-01T00:00:02.000Z' })).toMatchObject({
      status: 'COMPLETE',
      pages: 2,
      records: 10,
      accepted: 8,
      quarantined: 2,
      truncated: false,
      error: null,
      issues: [{ ...issues[0], severity: 'ERROR' }],
    });
  });

  it('a truncated harvest says why, first among its issues; a failed one keeps its error; issues are bounded', () => {
    const running = runningReport('th-otop', '2026-12-01T00:00:00.000Z');
    const many = Array.from({ length: 500 }, (_, i) => ({ record: `R${i}`, path: 'price', message: 'x' }));
    const truncated = finishedReport({
      running,
      harvest: harvest({ truncated: 'page 2 could not be read', quarantined: many }),
      accepted: 8,
      finishedAt: '2026-12-01T00:00:01.000Z',
    });
    expect(truncated).toMatchObject({ status: 'TRUNCATED', truncated: true, error: 'page 2 could not be read' });
    expect(truncated.issues[0]).toMatchObject({ path: 'source.pagination', severity: 'WARNING' });
    expect(truncated.issues).toHaveLength(MAX_REPORT_ISSUES);
    expect(failedReport(running, 'upstream answered HTTP 503', '2026-12-01T00:00:01.000Z')).toMatchObject({
      status: 'FAILED',
      error: 'upstream answered HTTP 503',
      issues: [{ path: 'source', severity: 'ERROR' }],
    });
  });
});
