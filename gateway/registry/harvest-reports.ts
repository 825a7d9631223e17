import { z } from 'zod';
import type { HarvestReport, HarvestReportLog } from '../federation/harvest-report';
import type { Logger } from '../log';
import type { RegistryStore } from '../stores/ports';

/** The registry kind of harvest reports: one record per connector, its last reports newest first. */
export const HARVESTS_KIND = 'harvests';

export interface StoredHarvestReportsOptions {
  store: RegistryStore;
  log: Logger;
  /** Reports kept per connector. @default 20 */
  keep?: number;
  /** Most bytes of one connector's record (JSON): issues of the oldest reports are let go first, the counts stay. @default 65536 */
  maxBytes?: number;
  /** Longest issue message kept, in characters. @default 400 */
  maxMessageChars?: number;
}

const Issue = z.object({
  record: z.string().nullable(),
  path: z.string(),
  message: z.string(),
  severity: z.enum(['ERROR', 'WARNING']),
});
const Report = z.object({
  connector: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(['RUNNING', 'COMPLETE', 'TRUNCATED', 'FAILED']),
  pages: z.int().nonnegative(),
  records: z.int().nonnegative(),
  accepted: z.int().nonnegative(),
  quarantined: z.int().nonnegative(),
  truncated: z.boolean(),
  error: z.string().nullable(),
  issues: z.array(Issue),
  invocations: z.int().positive().optional(),
  resumedPages: z.int().nonnegative().optional(),
});
const Stored = z.object({ reports: z.array(Report) });

/**
 * Harvest reports kept in the registry store (memory, Redis, KV), so that every instance shows an
 * economy the same history: the last `keep` reports of each connector, bounded in bytes. Only the
 * holder of a connector's harvest lease writes its reports, so read-modify-write is enough.
 */
export class StoredHarvestReports implements HarvestReportLog {
  private readonly store: RegistryStore;
  private readonly log: Logger;
  private readonly keep: number;
  private readonly maxBytes: number;
  private readonly maxMessageChars: number;

  constructor(options: StoredHarvestReportsOptions) {
    this.store = options.store;
    this.log = options.log;
    this.keep = options.keep ?? 20;
    this.maxBytes = options.maxBytes ?? 64 * 1024;
    this.maxMessageChars = options.maxMessageChars ?? 400;
  }

  /** Keeps a finished report in front of the connector's others, within the bounds. */
  async add(report: HarvestReport): Promise<void> {
    const clipped = { ...report, issues: report.issues.map((i) => ({ ...i, message: clip(i.message, this.maxMessageChars) })) };
    const reports = [clipped, ...(await this.read(report.connector))].slice(0, this.keep);
    await this.store.put(HARVESTS_KIND, report.connector, this.encode(reports));
  }

  /** The connector's last `last` reports, newest first; none when the record cannot be read (logged). */
  async recent(connector: string, last: number): Promise<HarvestReport[]> {
    return (await this.read(connector)).slice(0, last);
  }

  async remove(connector: string): Promise<void> {
    await this.store.delete(HARVESTS_KIND, connector);
  }

  private async read(connector: string): Promise<HarvestReport[]> {
    const text = await this.store.get(HARVESTS_KIND, connector);
    if (!text) return [];
    try {
      return Stored.parse(JSON.parse(text)).reports;
    } catch (error) {
      this.log('warn', 'a stored harvest report could not be read; starting its history again', { connector, error: (error as Error).message });
      return [];
    }
  }

  /** JSON within `maxBytes`: the oldest reports' issues are let go first, then the oldest reports. */
  private encode(reports: HarvestReport[]): string {
    const kept = reports.map((r) => ({ ...r }));
    let text = JSON.stringify({ reports: kept });
    for (let i = kept.length - 1; byteLength(text) > this.maxBytes && i >= 0; i--) {
      kept[i] = { ...kept[i]!, issues: [] };
      text = JSON.stringify({ reports: kept });
    }
    while (byteLength(text) > this.maxBytes && kept.length > 1) {
      kept.pop();
      text = JSON.stringify({ reports: kept });
    }
    if (byteLength(text) > this.maxBytes) text = JSON.stringify({ reports: [{ ...kept[0]!, issues: kept[0]!.issues.slice(0, 10) }] });
    return text;
  }
}

const encoder = new TextEncoder();
function byteLength(text: string): number {
  return encoder.encode(text).byteLength;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
