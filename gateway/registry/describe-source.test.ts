import { describe, expect, it } from 'vitest';
import { Manifest } from '../../schemas/manifest';
import { noRecordsIssue, sniff } from './describe-source';

const manifest = (source: Record<string, unknown>) =>
  Manifest.parse({
    id: 'th-otop',
    economy: 'TH',
    programme: 'OTOP',
    name: 'Thailand OTOP',
    source: { url: 'https://catalogue.example/otop', ...source },
    defaults: { currency: 'THB', language: 'th' },
    mapping: { localId: 'code', name: 'name' },
  });
const page = (text: string, contentType = 'application/json') => ({ contentType, bytes: new TextEncoder().encode(text) });

describe('sniff', () => {
  it('tells JSON, XML and delimited text apart by their first characters', () => {
    expect(sniff('\uFEFF  {"a": 1}')).toBe('json');
    expect(sniff('[1]')).toBe('json');
    expect(sniff('<?xml version="1.0"?><a/>')).toBe('xml');
    expect(sniff('code;name\nA;x')).toBe('csv');
    expect(sniff('hello')).toBeUndefined();
  });
});

describe('noRecordsIssue', () => {
  it('points a wrong items path at the largest list of records, with what the body holds', () => {
    const body = JSON.stringify({ data: { items: [{ code: 'A' }, { code: 'B' }], tags: ['x'] }, meta: { page: 1 } });
    const issue = noRecordsIssue(manifest({ format: 'json', items: 'data.products' }), page(body));
    expect(issue.path).toBe('source.items');
    expect(issue.message).toContain('no records found at "data.products", where there is nothing');
    expect(issue.message).toContain(`application/json (${body.length} bytes)`);
    expect(issue.message).toContain('its top level holds "data", "meta"; "data" holds "items", "tags"');
    expect(issue.message).toContain('A list of 2 record(s) is at "data.items": set "items" to "data.items".');
  });

  it('says the body is another format than the manifest says', () => {
    const issue = noRecordsIssue(manifest({ format: 'xml' }), page('code,name\nA,x\n', 'text/csv'));
    expect(issue).toEqual({ path: 'source.format', message: expect.stringContaining('set "format" to "csv"') });
  });

  it('says a CSV with a header and no rows has nothing under its header', () => {
    const issue = noRecordsIssue(manifest({ format: 'csv' }), page('code,name\n', 'text/csv'));
    expect(issue.path).toBe('source.format');
    expect(issue.message).toMatch(/^no rows under the header: .*first line is "code,name" and nothing after it/);
  });

  it("locates malformed JSON by line and column, not by the parser's position", () => {
    const issue = noRecordsIssue(
      manifest({ format: 'json', items: 'items' }),
      page('{"items": [\n  {"code": "A",}\n]}'),
      'the catalogue is not valid JSON: Unexpected token',
    );
    expect(issue.path).toBe('source.format');
    expect(issue.message).toMatch(/^the catalogue is not valid JSON: line 2, column 16: expected a property name/);
  });
});
