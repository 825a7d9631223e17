import { CatalogueError } from './errors';

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF. */
export function parseCsvRows(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (quoted) throw new CatalogueError('the CSV ends inside a quoted field (truncated?)');
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/**
 * CSV records keyed by the header row's column names. A row whose column count differs from the
 * header's is still returned, with `__columns` telling the count, so the mapper can quarantine it.
 */
export function parseCsvRecords(text: string, delimiter = ','): Array<Record<string, string>> {
  const [header, ...rows] = parseCsvRows(text, delimiter);
  if (!header) throw new CatalogueError('the CSV has no header row');
  const names = header.map((h) => h.trim());
  return rows.map((cells) => {
    const record: Record<string, string> = Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
    if (cells.length !== names.length) record.__columns = String(cells.length);
    return record;
  });
}
