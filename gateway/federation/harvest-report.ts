import type { Harvest, QuarantinedRecord } from '../../connectors/core/connector';

export type HarvestStatus = 'RUNNING' | 'COMPLETE' | 'TRUNCATED' | 'FAILED';

/** One issue a harvest found: a record set aside (ERROR), or a fact worth fixing that set nothing aside (WARNING). */
export interface HarvestIssue {
  record: string | null;
  path: string;
  message: string;
  severity: 'ERROR' | 'WARNING';
}

/** What one harvest of one connector did: what its economy reads to see its catalogue. */
export interface HarvestReport {
  connector: string;
  startedAt: string;
  finishedAt: string | null;
  status: HarvestStatus;
  pages: number;
  records: number;
  accepted: number;
  quarantined: number;
  truncated: boolean;
  error: string | null;
  /** The first issues (the counts stay exact). */
  issues: HarvestIssue[];
  /** The invocations that ran the harvest: more than 1 when it went on from a checkpoint after one ended (Workers). @default 1 */
  invocations?: number;
  /** Pages read by earlier invocations and not fetched again by the last one (0 when not resumed). @default 0 */
  resumedPages?: number;
}

/**
 * Where finished harvest reports are kept, bounded per connector (the registry store through the
 * composition root: memory, Redis, KV). The federation defines this port; the registry implements it.
 */
export interface HarvestReportLog {
  /** Keeps a finished report (the oldest beyond the bound are let go). */
  add(report: HarvestReport): Promise<void>;
  /** A connector's last `last` reports, newest first. */
  recent(connector: string, last: number): Promise<HarvestReport[]>;
  /** Forgets a removed connector's reports. */
  remove(connector: string): Promise<void>;
}

/** Issues a report keeps at most (what `issues(first:)` can show). */
export const MAX_REPORT_ISSUES = 100;

/** The report of a harvest under way. */
export function runningReport(connector: string, startedAt: string): HarvestReport {
  return {
    connector,
    startedAt,
    finishedAt: null,
    status: 'RUNNING',
    pages: 0,
    records: 0,
    accepted: 0,
    quarantined: 0,
    truncated: false,
    error: null,
    issues: [],
  };
}

/** What a finished harvest's report is made of. */
export interface FinishedHarvest {
  running: HarvestReport;
  harvest: Harvest;
  /** Products served from this harvest. */
  accepted: number;
  finishedAt: string;
  /** Warnings about other connectors' records (a GTIN of this connector carried by another economy's record). */
  notices?: readonly QuarantinedRecord[];
  /** A harvest that spanned invocations: how many, and the pages the last one did not fetch again. */
  resumed?: { invocations: number; resumedPages: number };
}

/** The report of a finished harvest: TRUNCATED when it stopped before the source's end, COMPLETE otherwise. */
export function finishedReport({ running, harvest, accepted, finishedAt, notices = [], resumed }: FinishedHarvest): HarvestReport {
  const truncation: HarvestIssue[] = harvest.truncated ? [{ record: null, path: 'source.pagination', message: harvest.truncated, severity: 'WARNING' }] : [];
  const errors = harvest.quarantined.slice(0, MAX_REPORT_ISSUES).map((i) => ({ ...i, severity: 'ERROR' as const }));
  const warnings = notices.slice(0, MAX_REPORT_ISSUES).map((i) => ({ ...i, severity: 'WARNING' as const }));
  return {
    ...running,
    finishedAt,
    status: harvest.truncated ? 'TRUNCATED' : 'COMPLETE',
    pages: harvest.pages,
    records: harvest.records,
    accepted,
    quarantined: harvest.records - accepted,
    truncated: Boolean(harvest.truncated),
    error: harvest.truncated ?? null,
    issues: [...truncation, ...errors, ...warnings].slice(0, MAX_REPORT_ISSUES),
    ...(resumed && resumed.invocations > 1 && resumed),
  };
}

/** The report of a harvest that failed: nothing it read is served (the last good snapshot stays). */
export function failedReport(running: HarvestReport, error: string, finishedAt: string): HarvestReport {
  return { ...running, finishedAt, status: 'FAILED', error, issues: [{ record: null, path: 'source', message: error, severity: 'ERROR' }] };
}
