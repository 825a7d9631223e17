import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../schemas/product';
import { GtinOwners } from './gtin-owners';

const ID = { id: 'id-ovop', economy: 'ID' };
const TH = { id: 'th-otop', economy: 'TH' };
const ID_CRAFTS = { id: 'id-ovop-crafts', economy: 'ID' };
const product = (localId: string, gtin?: string) => ({ localId, gtin }) as CanonicalProduct;

describe('GtinOwners', () => {
  it('gives a GTIN to the connector that first served it; another economy is quarantined, naming the owner', () => {
    const owners = new GtinOwners();
    expect(owners.admit(ID, product('A', '08992000000018'))).toBeUndefined();
    const issue = owners.admit(TH, product('T1', '8992000000018'));
    expect(issue).toMatchObject({ record: 'T1', path: 'gtin' });
    expect(issue!.message).toContain('id-ovop (ID)');
    expect(owners.ownerOf('08992000000018')).toBe('id-ovop');
    expect(owners.admit(ID, product('A', '08992000000018'))).toBeUndefined();
  });

  it('lets connectors of the same economy share a GTIN', () => {
    const owners = new GtinOwners();
    owners.admit(ID, product('A', '08992000000018'));
    expect(owners.admit(ID_CRAFTS, product('B', '08992000000018'))).toBeUndefined();
  });

  it('tells the owner once, in its next harvest', () => {
    const owners = new GtinOwners();
    owners.admit(ID, product('A', '08992000000018'));
    owners.admit(TH, product('T1', '08992000000018'));
    const notices = owners.takeNotices('id-ovop');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toContain('th-otop (TH) record T1');
    expect(owners.takeNotices('id-ovop')).toEqual([]);
  });

  it('a dry run only looks: it claims nothing and tells no one', () => {
    const owners = new GtinOwners();
    expect(owners.admit(TH, product('T1', '08992000000018'), false)).toBeUndefined();
    expect(owners.ownerOf('08992000000018')).toBeUndefined();
    owners.admit(ID, product('A', '08992000000018'));
    expect(owners.admit(TH, product('T1', '08992000000018'), false)).toBeDefined();
    expect(owners.takeNotices('id-ovop')).toEqual([]);
  });

  it('frees the GTINs of a removed connector', () => {
    const owners = new GtinOwners();
    owners.admit(ID, product('A', '08992000000018'));
    owners.release('id-ovop');
    expect(owners.admit(TH, product('T1', '08992000000018'))).toBeUndefined();
  });
});
