import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, valueAt } from './dot-path';
import { capped, nestedDeeperThan } from './field-caps';

const nest = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}"x"${']'.repeat(depth)}`);

describe('dot paths', () => {
  it('read nested objects, array indexes and XML text', () => {
    const record = { maker: { name: 'Bích Trâm' }, photos: ['a.jpg', { '#text': 'b.jpg', '@alt': 'b' }] };
    expect(valueAt(record, 'maker.name')).toBe('Bích Trâm');
    expect(valueAt(record, 'photos.1')).toBe('b.jpg');
    expect(valueAt(record, 'photos')).toEqual(['a.jpg', 'b.jpg']);
    expect(valueAt(record, 'photos.length')).toBe(2);
  });

  it('find only what the record itself holds, never the prototype', () => {
    for (const path of ['constructor', 'toString', '__proto__', 'maker.hasOwnProperty', 'photos.map']) {
      expect(valueAt({ maker: {}, photos: [] }, path), path).toBeUndefined();
    }
  });

  it(`walk arrays ${MAX_NESTING_DEPTH} levels deep and leave deeper ones as written`, () => {
    expect(() => valueAt({ a: nest(100_000) }, 'a')).not.toThrow();
    expect(valueAt({ a: nest(3) }, 'a')).toEqual([[['x']]]);
  });
});

describe('field caps, before any parser reads a value', () => {
  it('refuse a value longer than its field may be, naming the column and the length', () => {
    expect(() => capped('1'.repeat(65), 'price', 'price', 'gia')).toThrow('"gia" holds 65 characters, more than the 64 a price may have');
    expect(capped('150.000 ₫', 'price', 'price', 'gia')).toBe('150.000 ₫');
  });

  it('refuse lists too long, too deep, or with an item too long', () => {
    expect(() =>
      capped(
        Array.from({ length: 1001 }, () => 'x'),
        'images',
        'images',
        'photos',
      ),
    ).toThrow('1001 items');
    expect(() => capped(nest(100_000), 'images', 'images', 'photos')).toThrow(`nested more than ${MAX_NESTING_DEPTH} levels deep`);
    expect(() => capped(['x'.repeat(3000)], 'url', 'url', 'link')).toThrow('an item of 3000 characters');
    expect(capped(nest(MAX_NESTING_DEPTH - 1), 'images', 'images', 'photos')).toBeDefined();
  });

  it('measure depth with their own stack', () => {
    expect(nestedDeeperThan(nest(1_000_000), 32)).toBe(true);
    expect(nestedDeeperThan(nest(32), 32)).toBe(false);
    expect(nestedDeeperThan(nest(33), 32)).toBe(true);
    expect(nestedDeeperThan('x', 0)).toBe(false);
  });
});

describe('valueAt read segment by segment', () => {
  it('answers what splitting the path did, empty segments and leading or trailing dots included', () => {
    const record = { '': { a: 1, '': 2 }, a: { '': 3, b: [{ c: 'x' }, { '#text': 'y' }] }, 'a.b': 'no' };
    const split = (value: unknown, path: string) => {
      let current: unknown = value;
      for (const segment of path.split('.')) {
        if (current === undefined || current === null) return undefined;
        if (Array.isArray(current) && /^\d{1,10}$/.test(segment)) current = current[Number(segment)];
        else if (typeof current === 'object' && Object.hasOwn(current, segment)) current = (current as Record<string, unknown>)[segment];
        else return undefined;
      }
      return current && typeof current === 'object' && Object.hasOwn(current, '#text') ? (current as Record<string, unknown>)['#text'] : current;
    };
    for (const path of ['', '.', '..', 'a', 'a.', '.a', 'a..', '.', 'a.b.0.c', 'a.b.1', 'a.b.2', 'a.b.0.c.d', 'x.y', '.', '..a']) {
      expect(valueAt(record, path), path).toStrictEqual(split(record, path));
    }
  });
});
