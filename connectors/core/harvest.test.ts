import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../schemas/product';
import { builtinInfo } from './connector';
import { RecordError } from './errors';
import { Collector, collect, type MappedRecord } from './harvest';

const info = builtinInfo({ id: 'vn-ocop', economy: 'VN', programme: 'OCOP', name: 'Vietnam OCOP', currency: 'VND', language: 'vi' });
const record = (localId: string, name?: string): MappedRecord => ({
  localId,
  map: () => ({
    name: name === undefined ? {} : { vi: name },
    origin: { country: 'VN' },
    certifications: [],
    images: [],
    allergens: [],
    labelLanguages: [],
    marketplaces: [],
  }),
});

describe('collecting a harvest', () => {
  const records = [record('A', 'Mật ong'), record('B'), record('A', 'again'), record('C', 'Trà sen')];

  it('keeps the valid products and quarantines the rest', () => {
    const harvest = collect(info, records, 1);
    expect(harvest.products.map((p) => p.id)).toEqual(['vn-ocop:A', 'vn-ocop:C']);
    expect(harvest.accepted).toBe(2);
    expect(harvest.records).toBe(4);
    expect(harvest.quarantined.map((q) => q.record)).toEqual(['B', 'A']);
  });

  it('hands each valid product on as it is validated, keeping none, when asked to', () => {
    const handed: CanonicalProduct[] = [];
    const harvest = collect(info, records, 1, { onProduct: (p) => handed.push(p) });
    expect(handed.map((p) => p.id)).toEqual(['vn-ocop:A', 'vn-ocop:C']);
    expect(harvest.products).toEqual([]);
    expect(harvest.accepted).toBe(2);
    expect(harvest.records - harvest.accepted).toBe(2);
  });
});

describe('a bad record is quarantined alone', () => {
  const overflow = (): MappedRecord => ({
    localId: 'DEEP',
    map: () => {
      const down = (n: number): number => down(n + 1) + 1;
      return { n: down(0) };
    },
  });
  const throwing = (error: unknown): MappedRecord => ({
    localId: 'BROKEN',
    map: () => {
      throw error;
    },
  });

  it('a stack overflow while mapping one record is that record issue; the next record is served', () => {
    const harvest = collect(info, [overflow(), record('A', 'Mật ong')], 1);
    expect(harvest.products.map((p) => p.id)).toEqual(['vn-ocop:A']);
    expect(harvest.quarantined).toEqual([{ record: 'DEEP', path: '(record)', message: expect.stringMatching(/could not be read \(Maximum call stack/) }]);
  });

  it('so is any other error, even one that is not an Error', () => {
    const harvest = collect(info, [throwing(new TypeError('x is undefined')), throwing('a string'), record('A', 'Mật ong')], 1);
    expect(harvest.accepted).toBe(1);
    expect(harvest.quarantined.map((q) => q.message)).toEqual(['the record could not be read (x is undefined)', 'the record could not be read (a string)']);
  });

  it('a local id that throws when read is that record issue too', () => {
    const sly = { map: () => ({}) } as MappedRecord;
    Object.defineProperty(sly, 'localId', {
      get() {
        throw new RangeError('no');
      },
    });
    const harvest = collect(info, [sly, record('A', 'Mật ong')], 1);
    expect(harvest.accepted).toBe(1);
    expect(harvest.quarantined).toEqual([{ record: null, path: '(record)', message: 'the record could not be read (no)' }]);
  });
});

describe('what a harvest keeps is bounded', () => {
  it('keeps the first issues, clipped, and counts the rest: never the records', () => {
    const long = 'x'.repeat(10_000);
    const records = Array.from({ length: 1000 }, (_, i) => failing(`R${i}`, `${long}${i}`));
    const harvest = collect(info, records, 1, { caps: { keptIssues: 10 } });
    expect(harvest.records).toBe(1000);
    expect(harvest.issues).toBe(1000);
    expect(harvest.quarantined).toHaveLength(10);
    expect(harvest.quarantined.every((q) => q.message.length <= 300 && q.message.endsWith('…'))).toBe(true);
    expect(harvest.truncated).toBeUndefined();
  });

  it('clips a quoted value without splitting a character', () => {
    const harvest = collect(info, [failing('E', `${'a'.repeat(298)}🎋🎋`)], 1);
    const message = harvest.quarantined[0]!.message;
    expect(message).toBe(`${'a'.repeat(298)}…`);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(message)).toBe(false); // no lone high surrogate
  });

  it('stops at the cap on quarantined records, and says so', () => {
    const collector = new Collector(info, { caps: { quarantined: 5 } });
    for (let i = 0; i < 20 && !collector.stopped; i++) collector.add(i === 0 ? record('A', 'Mật ong') : record(`B${i}`));
    const harvest = collector.result(1);
    expect(harvest).toMatchObject({ accepted: 1, records: 6, truncated: expect.stringMatching(/cap of 5 quarantined records/) });
  });

  it('stops at the cap on records, and says so; records after it are not read', () => {
    const collector = new Collector(info, { caps: { records: 3 } });
    for (const id of ['A', 'B', 'C', 'D']) collector.add(record(id, `Trà ${id}`));
    expect(collector.result(1)).toMatchObject({ accepted: 3, records: 3, truncated: expect.stringMatching(/cap of 3 records/) });
  });
});

function failing(localId: string, message: string): MappedRecord {
  return {
    localId,
    map: () => {
      throw new RecordError('price', message);
    },
  };
}

describe('a record that cannot even be read', () => {
  it('(a null where a record should be) is its own issue when handed over as a thunk', () => {
    const read = (p: { id: string } | null) => () => ({ localId: p!.id, map: () => ({}) });
    const harvest = collect(info, [read(null), record('A', 'Mật ong')], 1);
    expect(harvest.accepted).toBe(1);
    expect(harvest.quarantined).toEqual([{ record: null, path: '(record)', message: expect.stringMatching(/could not be read/) }]);
  });
});
