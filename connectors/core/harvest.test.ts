import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../schemas/product';
import { builtinInfo } from './connector';
import { collect, type MappedRecord } from './harvest';

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
