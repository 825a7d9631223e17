import { describe, expect, it } from 'vitest';
import { DigestList } from './digest-list';
import type { RowDigest } from './row-digest';

describe('DigestList', () => {
  it('yields the digests added, equal and in order, a product id twice as added', () => {
    const added: Array<[string, RowDigest]> = [
      ['jp-ovop:A', { version: 1, hash: 'aa', source: 's1', removed: false, unrecorded: true, due: '' }],
      ['jp-ovop:B', { version: 7, hash: '', source: '', removed: true, unrecorded: false, due: '' }],
      ['jp-ovop:C', { version: 2, hash: 'cc', source: 's3', removed: false, unrecorded: false, due: '2027-01-31' }],
      ['jp-ovop:A', { version: 2, hash: 'ab', source: 's2', removed: true, unrecorded: true, due: '2027-02-01T00:00:00Z' }],
    ];
    const list = new DigestList();
    for (const [id, digest] of added) list.push(id, digest);
    expect(list.size).toBe(4);
    expect([...list]).toEqual(added);
    // Read again: the same.
    expect([...list]).toEqual(added);
  });

  it('is empty when nothing was added', () => {
    expect([...new DigestList()]).toEqual([]);
  });
});
