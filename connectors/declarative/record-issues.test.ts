import { describe, expect, it } from 'vitest';
import { Manifest } from '../../schemas/manifest';
import { collect } from '../core/harvest';
import { createDeclarativeConnector } from './index';
import { describeValue, explainedRecord } from './record-issues';

const manifest = Manifest.parse({
  id: 'th-otop',
  economy: 'TH',
  programme: 'OTOP',
  name: 'Thailand OTOP',
  source: { url: 'https://catalogue.example/otop.json', format: 'json' },
  defaults: { currency: 'THB', language: 'th' },
  mapping: { localId: 'code', name: 'name', price: 'price', category: 'category', gtin: 'barcode', images: 'photo', rating: 'stars' },
});
const info = createDeclarativeConnector(manifest);
const harvest = (records: unknown[]) =>
  collect(
    info,
    records.map((r) => explainedRecord(manifest, r)),
    1,
  );

describe('explainedRecord', () => {
  it('reports every problem of a record in one run, each naming the column and the value found', () => {
    const { quarantined, accepted } = harvest([
      { code: 'A1', name: 'ผ้าไหม', price: 'ask us', category: 'spaceship', barcode: '8851234567891', photo: 'http://192.0.2.7/a.jpg', stars: 9 },
    ]);
    expect(accepted).toBe(0);
    expect(quarantined.map((i) => i.path).sort()).toEqual(['category', 'gtin', 'images.0', 'price', 'rating.value']);
    const message = (path: string) => quarantined.find((i) => i.path === path)!.message;
    expect(message('price')).toContain('("price" holds "ask us")');
    expect(message('category')).toContain('("category" holds "spaceship")');
    expect(message('gtin')).toMatch(/^"barcode" holds "8851234567891": .*check digit/);
    expect(message('images.0')).toContain('IP address where a host name is needed');
    expect(message('rating.value')).toMatch(/^"stars" holds 9: 9 is outside the TH-OTOP scale/);
  });

  it('says a missing id in words, never zod’s', () => {
    const { quarantined } = harvest([{ name: 'ผ้าไหม' }]);
    expect(quarantined).toEqual([
      expect.objectContaining({
        record: null,
        path: 'localId',
        message: expect.stringMatching(/^no local id: the record has nothing at "code"; expected a local id/),
      }),
    ]);
  });

  it('explains a record whose mapping succeeds but whose values fail validation, all at once', () => {
    const { quarantined } = harvest([{ code: 'a b', name: 'ผ้าไหม', barcode: '123', photo: 'not-a-url' }]);
    expect(quarantined.map((i) => i.path).sort()).toEqual(['gtin', 'images.0', 'localId']);
    for (const issue of quarantined) expect(issue.message).not.toMatch(/^Invalid|expected string, received/);
  });

  it('accepts a good record untouched', () => {
    const { accepted, quarantined } = harvest([{ code: 'A1', name: 'ผ้าไหม', price: '฿1,250.00', category: 'textile', photo: 'https://img.example/a.jpg' }]);
    expect([accepted, quarantined]).toEqual([1, []]);
  });
});

describe('describeValue', () => {
  it('describes a value in a few words, and a list nested 100,000 deep without walking it', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(describeValue(deep)).toBe('a list of 1');
    expect(describeValue(['only'])).toBe('"only"');
    expect(describeValue('x'.repeat(200))).toMatch(/^"x{77}…"$/);
    expect(describeValue(undefined)).toBe('nothing');
  });
});
