import { describe, expect, it } from 'vitest';
import { Manifest } from '../../schemas/manifest';
import { RecordError } from '../core/errors';
import { mapByManifest } from './map';

const manifest = Manifest.parse({
  id: 'th-otop-stock',
  economy: 'TH',
  programme: 'OTOP',
  name: 'Stock test',
  source: { url: 'https://example.org/items.json', format: 'json', items: 'items' },
  defaults: { currency: 'THB', language: 'th' },
  mapping: { localId: 'id', name: 'name', availability: 'stock.status' },
});

const map = (stock: unknown) => mapByManifest(manifest, { id: 'A-1', name: 'ผ้าไหม', stock: { status: stock } }).map() as { availability?: string };

describe('the declarative mapping of availability', () => {
  it('reads a count, a boolean, or words in the catalogue language', () => {
    expect(map(3).availability).toBe('IN_STOCK');
    expect(map('0').availability).toBe('OUT_OF_STOCK');
    expect(map(false).availability).toBe('OUT_OF_STOCK');
    expect(map('สินค้าหมด').availability).toBe('OUT_OF_STOCK');
    expect(map('พรีออเดอร์').availability).toBe('PRE_ORDER');
  });

  it('leaves it out when the source says nothing, or says what it cannot read', () => {
    expect(map(undefined)).not.toHaveProperty('availability');
    expect(map('ask the shop')).not.toHaveProperty('availability');
  });

  it('refuses a stock text longer than any stock word before reading it', () => {
    expect(() => map('x'.repeat(100_000))).toThrow(RecordError);
  });
});
