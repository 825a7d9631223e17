import type { Harvest, Transport } from '../../connectors/core/connector';
import { CatalogueError } from '../../connectors/core/errors';
import { valueAt } from '../../connectors/declarative/dot-path';
import { createDeclarativeConnector } from '../../connectors/declarative/index';
import type { Manifest } from '../../schemas/manifest';
import type { GtinAdmission } from '../federation/gtin-owners';
import { sourceHeaderIssues } from './source-headers';
import { type FirstPage, noRecordsIssue, sniff } from './describe-source';

/** Records a dry run reads at most. */
export const VALIDATION_SAMPLE = 1000;
/** Pages a dry run reads at most: a sample, however small the pages. */
export const VALIDATION_PAGES = 20;
/** Issues a report lists at most (the counts stay exact). */
export const MAX_REPORTED_ISSUES = 500;

export type IssueSeverity = 'ERROR' | 'WARNING';

/** One issue of a dry run or a harvest: an ERROR sets a record (or the whole source) aside; a WARNING does not. */
export interface ConformanceIssue {
  record: string | null;
  path: string;
  message: string;
  severity: IssueSeverity;
}

export interface ConformanceReport {
  ok: boolean;
  sampled: number;
  accepted: number;
  rejected: number;
  issues: ConformanceIssue[];
}

/**
 * Reads up to 1,000 records (and 20 pages) of a manifest's catalogue, maps and validates them, and reports; stores
 * nothing. What `validateManifest` and `validate-manifest` both answer. A sample with no record is
 * an ERROR that says what was read and where records were looked for; a mapped path that no
 * sampled record holds is a WARNING at `mapping.<field>`.
 */
export async function dryRun(manifest: Manifest, transport: Transport, owners?: GtinAdmission): Promise<ConformanceReport> {
  const refused = sourceHeaderIssues(manifest.source.headers);
  if (refused.length > 0) {
    return { ok: false, sampled: 0, accepted: 0, rejected: 0, issues: refused.map((i) => ({ record: null, ...i, severity: 'ERROR' as const })) };
  }
  let first: FirstPage | undefined;
  // The first page as it came, kept for this dry run only: what a "no records" issue describes.
  const capturing: Transport = async (url, init) => {
    const response = await transport(url, init);
    if (first || !response.ok) return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    first = { contentType: response.headers.get('content-type') ?? '', bytes };
    return new Response(bytes, { status: response.status, headers: response.headers });
  };
  const presence = new MappedPaths(manifest);
  let harvest: Harvest;
  try {
    harvest = await createDeclarativeConnector(manifest, { inspect: (record) => presence.see(record) }).harvest({
      transport: capturing,
      limit: VALIDATION_SAMPLE,
      samplePages: VALIDATION_PAGES,
    });
  } catch (error) {
    const message = (error as Error).message;
    if (!first || !(error instanceof CatalogueError)) return unreadable(message);
    const issue = /is not a list of records/.test(message) ? { path: 'source.items', message } : noRecordsIssue(manifest, first, message);
    return { ok: false, sampled: 0, accepted: 0, rejected: 0, issues: [{ record: null, ...issue, severity: 'ERROR' }] };
  }
  const source: ConformanceIssue[] = [];
  const otherFormat = first && harvest.accepted === 0 && sniffed(first, manifest) !== manifest.source.format;
  if (harvest.records === 0 || otherFormat) source.push({ record: null, ...noRecordsIssue(manifest, first), severity: 'ERROR' });
  // Records whose GTIN another economy's connector owns would be quarantined: the dry run says so (claiming nothing).
  const conflicts = owners ? (await owners.admitAll(manifest, harvest.products, false)).flatMap((issue) => issue ?? []) : [];
  const report = toReport(
    conflicts.length === 0 ? harvest : { ...harvest, accepted: harvest.accepted - conflicts.length, quarantined: [...harvest.quarantined, ...conflicts] },
  );
  return {
    ...report,
    ok: report.ok && source.length === 0,
    issues: [...source, ...presence.warnings(harvest.records), ...report.issues].slice(0, MAX_REPORTED_ISSUES),
  };
}

function sniffed(page: FirstPage, manifest: Manifest) {
  try {
    return sniff(new TextDecoder(manifest.source.encoding).decode(page.bytes.subarray(0, 4096))) ?? manifest.source.format;
  } catch {
    return manifest.source.format;
  }
}

/** A report of a catalogue that could not be read at all. */
export function unreadable(message: string): ConformanceReport {
  return { ok: false, sampled: 0, accepted: 0, rejected: 0, issues: [{ record: null, path: 'source', message, severity: 'ERROR' }] };
}

/** A report from what a harvest kept and set aside (a snapshot carries the same three facts). */
export function toReport(harvest: Pick<Harvest, 'accepted' | 'quarantined' | 'records' | 'truncated'>): ConformanceReport {
  const rejected = harvest.records - harvest.accepted;
  // A truncated harvest says so first, as an issue of the source's pagination.
  const truncation: ConformanceIssue[] = harvest.truncated
    ? [{ record: null, path: 'source.pagination', message: harvest.truncated, severity: 'WARNING' }]
    : [];
  return {
    ok: harvest.accepted > 0 && rejected === 0 && !harvest.truncated,
    sampled: harvest.records,
    accepted: harvest.accepted,
    rejected,
    issues: [...truncation, ...harvest.quarantined.map((i) => ({ ...i, severity: 'ERROR' as const }))].slice(0, MAX_REPORTED_ISSUES),
  };
}

/** Keys of the first record kept to suggest a column for a mapped path no record holds. */
const MAX_SUGGESTED_KEYS = 200;

/**
 * Which of a manifest's mapped paths the sampled records hold: each path is looked up in each
 * record until one holds a value there, so a full sample costs at most paths × records look-ups.
 */
class MappedPaths {
  private readonly paths: Array<{ at: string; path: string; present: boolean; filled: boolean }>;
  private keys: string[] = [];

  constructor(manifest: Manifest) {
    this.paths = Object.entries(manifest.mapping).flatMap(([field, path]) =>
      typeof path === 'string'
        ? [{ at: `mapping.${field}`, path, present: false, filled: false }]
        : Object.entries(path).map(([lang, p]) => ({ at: `mapping.${field}.${lang}`, path: p, present: false, filled: false })),
    );
  }

  see(record: unknown): void {
    if (!this.keys.length && record && typeof record === 'object') this.keys = Object.keys(record).slice(0, MAX_SUGGESTED_KEYS);
    for (const entry of this.paths) {
      if (entry.filled) continue;
      const value = valueAt(record, entry.path);
      if (value === undefined) continue;
      entry.present = true;
      if (value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)) entry.filled = true;
    }
  }

  /** A WARNING for each mapped path no sampled record holds (or holds only empty). */
  warnings(sampled: number): ConformanceIssue[] {
    if (sampled === 0) return [];
    return this.paths
      .filter((entry) => !entry.filled)
      .map((entry) => {
        const closest = closestKey(entry.path.split('.')[0]!, this.keys);
        const message = entry.present
          ? `every one of the ${sampled} sampled records leaves "${entry.path}" empty`
          : `none of the ${sampled} sampled records has "${entry.path}"${
              closest
                ? `; did you mean "${closest}"?`
                : this.keys.length
                  ? `; the records have ${this.keys
                      .slice(0, 12)
                      .map((k) => `"${k}"`)
                      .join(', ')}`
                  : ''
            }`;
        return { record: null, path: entry.at, message, severity: 'WARNING' as const };
      });
  }
}

/** The key nearest `word` within half its length in edits (at least 2), if any. */
function closestKey(word: string, keys: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(word.length / 2)) + 1;
  for (const key of keys) {
    const d = editDistance(word.toLowerCase(), key.toLowerCase(), bestDistance);
    if (d < bestDistance) (best = key), (bestDistance = d);
  }
  return best === word ? undefined : best;
}

/** Levenshtein distance, stopping early past `max` (short column names only). */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) >= max || a.length > 64 || b.length > 64) return max;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}
