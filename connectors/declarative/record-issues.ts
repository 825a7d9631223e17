import type { z } from 'zod';
import type { Manifest } from '../../schemas/manifest';
import { CanonicalProduct } from '../../schemas/product';
import { RecordError, type RecordIssue, RecordIssues } from '../core/errors';
import type { MappedRecord } from '../core/harvest';
import { valueAt } from './dot-path';
import { mapByManifest } from './map';

/** What each canonical field expects, in words an economy's staff can act on. */
const EXPECTED: Record<string, string> = {
  localId: 'a local id of 1 to 64 letters, digits, ".", "_", "~" or "-"',
  name: 'a product name',
  description: 'a text',
  story: 'a text',
  ingredients: 'a text',
  price: 'a price such as 1250, "1,250.00" or "฿1,250"',
  category: 'a category word such as "food", "textile" or "handicraft", in any language',
  rating: 'a whole number of stars on the programme’s scale',
  'producer.name': 'the producer’s name',
  'producer.region': 'a region name',
  'origin.region': 'a region name',
  'origin.locality': 'a place name',
  gtin: 'a GTIN: 8, 12, 13 or 14 digits ending in the right check digit',
  hsCode: 'an HS code of 6, 8 or 10 digits',
  certifications: 'certificates: scheme codes such as HALAL or ORGANIC, or "SCHEME:number:issuer:YYYY-MM-DD"',
  images: 'http or https addresses on a host name (not an IP address), such as https://example.com/photo.jpg',
  url: 'an http or https address on a host name (not an IP address)',
  traceabilityUrl: 'an http or https address on a host name (not an IP address)',
  netContent: 'a quantity with its unit, such as "250 g" or "1 L"',
  allergens: 'allergen names such as "milk" or "peanut", in any language',
  shelfLifeDays: 'a whole number of days above 0',
  labelLanguages: 'language tags such as "th" or "en"',
};

/** Canonical fields whose path the product id stands for. */
const FIELD_OF_PATH: Record<string, string> = { id: 'localId' };

/**
 * One source record mapped by the manifest, reporting all its issues in one run: a field that
 * cannot be mapped is set aside and the record mapped again without it (only a record with an
 * issue pays for that), then the rest is validated, and every issue names the catalogue's own
 * column or path and the value found, never a library's default words.
 */
export function explainedRecord(manifest: Manifest, record: unknown): MappedRecord {
  const mapped = mapByManifest(manifest, record);
  return {
    localId: mapped.localId,
    map: () => {
      try {
        return mapped.map();
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        throw new RecordIssues(allIssues(manifest, record, mapped.localId, error));
      }
    },
    explain: (issues, candidate) => withoutEchoes(issues).map((issue) => explainIssue(manifest, issue, candidate)),
  };
}

/** Every issue of a record whose mapping failed: each failing field set aside in turn, then the rest validated. */
function allIssues(manifest: Manifest, record: unknown, localId: string | undefined, first: RecordError): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const mapping: Record<string, unknown> = { ...manifest.mapping };
  const aside = new Set<string>();
  let error: RecordError | undefined = first;
  let candidate: Record<string, unknown> | undefined;
  for (let round = 0; error && round <= Object.keys(manifest.mapping).length; round++) {
    const field = mappedFieldOf(error.path, mapping);
    issues.push({ path: error.path, message: withColumn(manifest, record, field, error) });
    if (!field) break;
    aside.add(field);
    delete mapping[field];
    try {
      candidate = mapByManifest({ ...manifest, mapping: mapping as Manifest['mapping'] }, record).map();
      error = undefined;
    } catch (next) {
      if (!(next instanceof RecordError)) throw next;
      error = next;
    }
  }
  if (!candidate) return issues;
  const input = {
    id: `${manifest.id}:${localId}`,
    connector: manifest.id,
    localId,
    economy: manifest.economy,
    programme: manifest.programme,
    language: manifest.defaults.language,
    ...candidate,
  };
  const parsed = CanonicalProduct.safeParse(input);
  if (!parsed.success) {
    for (const issue of withoutEchoes(parsed.error.issues)) {
      const field = canonicalField(issue.path.map(String));
      if (field && aside.has(field)) continue;
      issues.push(explainIssue(manifest, issue, input));
    }
  }
  return issues;
}

/** The issues without the product id's, when the local id it is made of has its own (one problem, said once). */
function withoutEchoes(issues: readonly z.core.$ZodIssue[]): readonly z.core.$ZodIssue[] {
  return issues.some((i) => i.path[0] === 'localId') ? issues.filter((i) => i.path[0] !== 'id') : issues;
}

/** The mapping key a record issue's path belongs to (`certifications.0` → `certifications`, `name.th` → `name`). */
function mappedFieldOf(path: string, mapping: Record<string, unknown>): string | undefined {
  const field = canonicalField(path.split('.'));
  return field && Object.hasOwn(mapping, field) ? field : undefined;
}

/** The canonical field of a path: the longest mappable field that starts it. */
function canonicalField(segments: string[]): string | undefined {
  const head = segments[0];
  if (head === undefined) return undefined;
  const two = `${head}.${segments[1] ?? ''}`;
  if (Object.hasOwn(EXPECTED, two)) return two;
  return FIELD_OF_PATH[head] ?? (Object.hasOwn(EXPECTED, head) ? head : undefined);
}

/** Where the record holds a canonical field: its column (CSV) or dot path, for the language of `segments` when localized. */
function columnOf(manifest: Manifest, field: string | undefined, segments: string[] = []): string | undefined {
  if (!field) return undefined;
  const path = (manifest.mapping as Record<string, string | Record<string, string>>)[field];
  if (typeof path === 'string' || path === undefined) return path;
  const lang = field.includes('.') ? segments[2] : segments[1];
  return (lang && path[lang]) || Object.values(path)[0];
}

/** A mapping error with the column and the value the record holds there. */
function withColumn(manifest: Manifest, record: unknown, field: string | undefined, error: RecordError): string {
  const column = columnOf(manifest, field, error.path.split('.'));
  if (!column) return error.message;
  return `${error.message} (${quoted(column)} holds ${describeValue(valueAt(record, column))})`;
}

/** A canonical schema issue in the catalogue's words: the field, its column, the value found, what is expected. */
function explainIssue(manifest: Manifest, issue: z.core.$ZodIssue, candidate: Record<string, unknown>): RecordIssue {
  const segments = issue.path.map(String);
  const field = canonicalField(segments);
  const path = field === 'localId' ? 'localId' : segments.join('.') || '(record)';
  const column = columnOf(manifest, field, segments);
  const value = valueAtSegments(candidate, field === 'localId' ? ['localId'] : segments);
  const expected = field ? EXPECTED[field] : undefined;
  const detail =
    issue.code === 'custom' || (issue.code === 'invalid_format' && issue.message !== 'Invalid input' && !/^Invalid /.test(issue.message))
      ? issue.message
      : undefined;
  const where = column ? quoted(column) : `the ${field ?? path} field`;
  if (value === undefined || value === null || value === '') {
    const words = field === 'localId' ? 'no local id' : `no ${field ?? path}`;
    return { path, message: `${words}: the record has nothing at ${where}${expected ? `; expected ${expected}` : ''}` };
  }
  const ipHost = typeof value === 'string' && hostIsAddress(value) ? '; it names an IP address where a host name is needed' : '';
  const tooLong = issue.code === 'too_big' && typeof issue.maximum === 'number' ? `; at most ${issue.maximum} characters` : '';
  return {
    path,
    message: `${where} holds ${describeValue(value)}${detail ? `: ${detail}` : ''}${ipHost}${tooLong}${expected ? `; expected ${expected}` : ''}`,
  };
}

function valueAtSegments(value: unknown, segments: string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** True when a URL's host is an IPv4 or IPv6 address. */
function hostIsAddress(text: string): boolean {
  try {
    const { hostname } = new URL(text);
    return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
  } catch {
    return false;
  }
}

function quoted(column: string): string {
  return `"${column}"`;
}

/** A value as an issue shows it: short, quoted when text, its kind otherwise. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // One level only: a list nested 100,000 deep is described, never walked.
  if (Array.isArray(value)) return value.length === 1 && !Array.isArray(value[0]) ? describeValue(value[0]) : `a list of ${value.length}`;
  return 'an object';
}
