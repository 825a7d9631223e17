/**
 * Writes the per-destination compliance tables (docs/compliance/<DEST>.md and an index) from the
 * rules in schemas/compliance/. `--check` compares instead and exits 1 when they drifted.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { complianceTables } from '../gateway/compliance/tables';

export const TABLES_DIR = 'docs/compliance';

const check = process.argv.includes('--check');
let drifted = false;
mkdirSync(TABLES_DIR, { recursive: true });
for (const [name, text] of Object.entries(complianceTables())) {
  const path = join(TABLES_DIR, name);
  if (check) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      /* missing counts as drifted */
    }
    if (current !== text) {
      console.error(`${path} is out of date: run npm run compliance-tables`);
      drifted = true;
    }
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
if (drifted) process.exit(1);
