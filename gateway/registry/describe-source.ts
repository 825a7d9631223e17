import { parseCsvRows } from '../../connectors/core/csv';
import { decodeText } from '../../connectors/core/decode-text';
import { parseXml } from '../../connectors/core/xml';
import { valueAt } from '../../connectors/declarative/dot-path';
import type { Manifest } from '../../schemas/manifest';
import { describeMistake, jsonMistake } from './manifest-text';

/** The first page a dry run read, as it came: what an issue about finding no record describes. */
export interface FirstPage {
  contentType: string;
  bytes: Uint8Array;
}

/** Nodes of a parsed page walked at most, looking for lists of records. */
const MAX_WALKED = 2000;
/** Keys of one object the walk looks into. */
const MAX_CHILDREN = 200;
/** How deep the walk goes. */
const MAX_DEPTH = 5;
/** Keys an issue lists at most. */
const MAX_KEYS = 12;

type Format = Manifest['source']['format'];

/** The issue of a dry run that found no record: at `source.format` when the body is another format, else at `source.items`. */
export function noRecordsIssue(manifest: Manifest, page: FirstPage | undefined, cause?: string): { path: string; message: string } {
  const { source } = manifest;
  if (!page) return { path: 'source', message: cause ?? 'the catalogue answered nothing to read' };
  const text = safeDecode(page.bytes, source.encoding);
  const read = `the catalogue answered ${page.contentType || 'with no content type'} (${size(page.bytes.byteLength)})`;
  const looks = sniff(text);
  if (looks && looks !== source.format) {
    return {
      path: 'source.format',
      message: `"format" is "${source.format}" but ${read}, which reads as ${looks.toUpperCase()} (it begins ${firstLine(text)}): set "format" to "${looks}"`,
    };
  }
  if (cause && source.format === 'json') {
    // Where the JSON goes wrong, as an editor shows it (not the parser's "position 19").
    const mistake = jsonMistake(text);
    if (mistake)
      return { path: 'source.format', message: `the catalogue is not valid JSON: ${describeMistake(mistake)}; ${read}, beginning ${firstLine(text)}` };
  }
  if (cause) return { path: 'source.format', message: `${cause}: ${read}, beginning ${firstLine(text)}` };
  if (source.format === 'csv') {
    const rows = safeRows(text, source.delimiter);
    return {
      path: 'source.format',
      message: `no rows under the header: ${read}, whose first line is ${firstLine(text)}${rows === 1 ? ' and nothing after it' : ''}; a CSV needs a header line and a line per record`,
    };
  }
  const parsed = parseBody(text, source.format);
  const where = source.items ? `at "${source.items}"` : 'at the top level (no "items" is set)';
  const found = source.items === undefined ? parsed : valueAt(parsed, source.items);
  const what = found === undefined ? 'there is nothing' : Array.isArray(found) ? 'there is an empty list' : `there is ${kind(found)}`;
  const lists = recordLists(parsed);
  const hint = lists.length
    ? ` A list of ${lists[0]!.count} record(s) is at ${lists[0]!.path ? `"${lists[0]!.path}"` : 'the top level'}: set "items" to ${lists[0]!.path ? `"${lists[0]!.path}"` : 'nothing (leave it out)'}.`
    : '';
  return { path: 'source.items', message: `no records found ${where}, where ${what}: ${read}; ${outline(parsed)}.${hint}` };
}

/** The format a body looks like from its first characters: JSON, XML, or CSV-like text. */
export function sniff(text: string): Format | undefined {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (start.startsWith('<')) return 'xml';
  const line = start.slice(0, start.search(/\r?\n|$/));
  return /[,;\t|]/.test(line) ? 'csv' : undefined;
}

function safeDecode(bytes: Uint8Array, encoding: string): string {
  try {
    return decodeText(bytes, encoding);
  } catch {
    return new TextDecoder('utf-8').decode(bytes.subarray(0, 4096));
  }
}

function safeRows(text: string, delimiter?: string): number {
  try {
    return parseCsvRows(text, delimiter).length;
  } catch {
    return 0;
  }
}

function parseBody(text: string, format: Format): unknown {
  try {
    return format === 'xml' ? parseXml(text) : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The top level's keys, and those one level down, in words. */
function outline(parsed: unknown): string {
  if (Array.isArray(parsed)) return `its top level is a list of ${parsed.length}`;
  if (!parsed || typeof parsed !== 'object') return `its top level is ${kind(parsed)}`;
  const keys = Object.keys(parsed);
  const parts = [`its top level holds ${keyList(keys)}`];
  for (const key of keys.slice(0, 3)) {
    const value = (parsed as Record<string, unknown>)[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) parts.push(`"${key}" holds ${keyList(Object.keys(value))}`);
  }
  return parts.join('; ');
}

function keyList(keys: string[]): string {
  if (!keys.length) return 'nothing';
  const shown = keys.slice(0, MAX_KEYS).map((k) => `"${k}"`);
  return keys.length > MAX_KEYS ? `${shown.join(', ')} and ${keys.length - MAX_KEYS} more` : shown.join(', ');
}

/** Lists of objects in a parsed page, largest first: where the records probably are. */
function recordLists(parsed: unknown): Array<{ path: string; count: number }> {
  const found: Array<{ path: string; count: number }> = [];
  const queue: Array<[unknown, string, number]> = [[parsed, '', 0]];
  // Breadth first, read by an index (never shift()), at most MAX_WALKED nodes and MAX_CHILDREN of each.
  for (let next = 0; next < queue.length && next < MAX_WALKED; next++) {
    const [value, path, depth] = queue[next]!;
    if (Array.isArray(value)) {
      if (value.length && value[0] && typeof value[0] === 'object') found.push({ path, count: value.length });
      continue;
    }
    if (!value || typeof value !== 'object' || depth >= MAX_DEPTH) continue;
    let children = 0;
    for (const key in value as Record<string, unknown>) {
      if (!Object.hasOwn(value, key)) continue;
      if (children++ >= MAX_CHILDREN || queue.length >= MAX_WALKED) break;
      queue.push([(value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1]);
    }
  }
  return found.sort((a, b) => b.count - a.count);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.slice(0, 40))}`;
  return `the ${typeof value} ${String(value)}`;
}

function firstLine(text: string): string {
  const line =
    text
      .replace(/^\uFEFF/, '')
      .trimStart()
      .split(/\r?\n/, 1)[0] ?? '';
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}…` : line);
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(1)} kB`;
}
