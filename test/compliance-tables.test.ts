/**
 * The published compliance tables and the sample reports snapshot are generated; these tests fail
 * when the rules (or the samples) change without `npm run compliance-tables` / `compliance-reports`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complianceTables, destinationTable } from '../gateway/compliance/tables';
import { RULES } from '../schemas/compliance/rules';
import { sampleReports } from '../scripts/compliance-reports';

const DIR = join(import.meta.dirname, '..', 'docs', 'compliance');

describe('the compliance tables per destination', () => {
  it('are what the rules generate (run npm run compliance-tables when this fails)', () => {
    for (const [name, text] of Object.entries(complianceTables())) {
      expect(readFileSync(join(DIR, name), 'utf8'), `docs/compliance/${name} drifted`).toBe(text);
    }
  });

  it('list every rule of a destination with its law, level, exemptions and day last checked', () => {
    for (const destination of ['JP', 'ID', 'MY', 'VN', 'TH', 'PH']) {
      const table = destinationTable(destination);
      for (const r of RULES.filter((x) => x.destinations.includes(destination))) {
        expect(table).toContain(`| ${r.code} | ${r.level.toLowerCase()} |`);
        expect(table).toContain(r.reference.replace(/\|/g, '\\|'));
      }
      expect(table).toContain('## Out of scope');
    }
    expect(destinationTable('VN')).toContain('supplementary label');
    expect(destinationTable('JP')).toContain('10 % alcohol');
  });

  it('the committed sample reports are today’s (run npm run compliance-reports when this fails)', async () => {
    const committed = JSON.parse(readFileSync(join(DIR, 'reports.json'), 'utf8'));
    const fresh = await sampleReports();
    expect(Object.keys(fresh).length).toBeGreaterThan(150);
    expect(committed).toEqual(fresh);
  });
});
