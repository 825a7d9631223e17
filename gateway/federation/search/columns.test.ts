import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../../schemas/product';
import { ColumnsBuilder, columnsOf, hasScheme, mergeColumns, mergePrices, nameAt, NO_RATING, type PriceTable, priceAt, splitColumns } from './columns';

const product = (fields: Partial<CanonicalProduct>) =>
  ({ economy: 'VN', language: 'vi', name: { vi: 'x' }, certifications: [], ...fields }) as unknown as CanonicalProduct;

describe('product columns', () => {
  it('keeps codes, ratings, prices and GTINs per document, in the order asked', () => {
    const builder = new ColumnsBuilder();
    builder.add(product({ economy: 'VN', category: 'FOOD', rating: { scheme: 'OCOP', value: 4, max: 5 }, price: { amount: '12.50', currency: 'VND' } }));
    builder.add(product({ economy: 'JP', gtin: '04901234567894', price: { amount: '12.50', currency: 'VND' } }));
    const c = builder.finish([1, 0]);
    expect(c.economies[c.economy[0]!]).toBe('JP');
    expect(c.economies[c.economy[1]!]).toBe('VN');
    expect(c.category[0]).toBe(0);
    expect(c.categories[c.category[1]!]).toBe('FOOD');
    expect([c.rating[0], c.rating[1]]).toEqual([NO_RATING, 4]);
    // One distinct price, kept once, exactly as written.
    expect(c.price[0]).toBe(c.price[1]);
    expect(priceAt(c.prices, c.price[0]!)).toEqual({ amount: '12.50', currency: 'VND' });
    expect(c.gtin[0]).toBe(4901234567894);
    expect(c.gtin[1]).toBeNaN();
  });

  it('keeps every product of a catalogue larger than its builders first hold, in reverse order too', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      product({
        economy: i % 2 ? 'VN' : 'TH',
        name: i % 3 ? { vi: `Tên ${i}`, en: `Name ${i}` } : { vi: `Tên ${i}` },
        rating: i % 5 ? ({ scheme: 'OCOP', value: i % 5, max: 5 } as never) : undefined,
        gtin: i % 7 ? undefined : String(8850000000000 + i),
        certifications: (i % 4 ? [] : [{ scheme: 'HALAL' }]) as never,
      }),
    );
    const builder = new ColumnsBuilder();
    for (const p of many) builder.add(p);
    const order = Array.from({ length: many.length }, (_, d) => many.length - 1 - d);
    const c = builder.finish(order);
    const halal = c.schemes.indexOf('HALAL');
    order.forEach((n, d) => {
      expect(c.economies[c.economy[d]!]).toBe(n % 2 ? 'VN' : 'TH');
      expect(c.rating[d]).toBe(n % 5 ? n % 5 : NO_RATING);
      if (n % 7) expect(c.gtin[d]).toBeNaN();
      else expect(c.gtin[d]).toBe(8850000000000 + n);
      expect(hasScheme(c, d, halal)).toBe(n % 4 === 0);
      expect(nameAt(c.names, c.names.languages.indexOf('en'), d)).toBe(n % 3 ? `Name ${n}` : undefined);
      expect(nameAt(c.names, c.names.languages.indexOf('vi'), d)).toBe(`Tên ${n}`);
    });
  });

  it('holds more than 32 certification schemes as flags', () => {
    const schemes = Array.from({ length: 40 }, (_, i) => `S${i}`);
    const c = columnsOf([
      product({ certifications: schemes.map((scheme) => ({ scheme })) as never }),
      product({ certifications: [{ scheme: 'S39' }] as never }),
    ]);
    expect(c.schemeWords).toBe(2);
    expect(schemes.every((s) => hasScheme(c, 0, c.schemes.indexOf(s)))).toBe(true);
    expect(hasScheme(c, 1, c.schemes.indexOf('S39'))).toBe(true);
    expect(hasScheme(c, 1, c.schemes.indexOf('S0'))).toBe(false);
  });

  it('reads each name back in its language, none where a product has none', () => {
    const c = columnsOf([product({ name: { vi: 'Mật ong', en: 'Honey' } }), product({ name: { en: 'Tea' } })]);
    const vi = c.names.languages.indexOf('vi');
    const en = c.names.languages.indexOf('en');
    expect([nameAt(c.names, vi, 0), nameAt(c.names, en, 0), nameAt(c.names, vi, 1), nameAt(c.names, en, 1)]).toEqual(['Mật ong', 'Honey', undefined, 'Tea']);
    expect(c.names.languages[c.names.first[1]!]).toBe('en');
  });

  it('merges parts into one numbering with shared dictionaries', () => {
    const a = columnsOf([product({ economy: 'VN', certifications: [{ scheme: 'VIETGAP' }] as never, name: { vi: 'A' } })]);
    const b = columnsOf([product({ economy: 'JP', certifications: [{ scheme: 'JAS' }, { scheme: 'VIETGAP' }] as never, name: { ja: 'B' } })]);
    const m = mergeColumns([a, b], Uint16Array.from([1, 0]), Int32Array.from([0, 0]));
    expect(m.economies[m.economy[0]!]).toBe('JP');
    expect(m.economies[m.economy[1]!]).toBe('VN');
    expect(hasScheme(m, 0, m.schemes.indexOf('JAS'))).toBe(true);
    expect(hasScheme(m, 1, m.schemes.indexOf('JAS'))).toBe(false);
    expect(hasScheme(m, 1, m.schemes.indexOf('VIETGAP'))).toBe(true);
  });

  it('merges prices into one table, a price shared by parts once, each exactly as written', () => {
    const a = columnsOf([product({ price: { amount: '0.10', currency: 'USD' } }), product({ price: { amount: '25000', currency: 'VND' } })]);
    const b = columnsOf([product({ price: { amount: '0.10', currency: 'USD' } }), product({})]);
    const m = mergeColumns([a, b], Uint16Array.from([0, 1, 0, 1]), Int32Array.from([0, 0, 1, 1]));
    expect([0, 1, 2].map((doc) => priceAt(m.prices, m.price[doc]!))).toEqual([
      { amount: '0.10', currency: 'USD' },
      { amount: '0.10', currency: 'USD' },
      { amount: '25000', currency: 'VND' },
    ]);
    expect(m.price[0]).toBe(m.price[1]);
    expect(m.price[3]).toBe(0);
  });

  it('merges price tables as numbering each price by its text would: parts in their own currencies, shared ones, none', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 8) % n;
    for (let round = 0; round < 40; round++) {
      const tables: PriceTable[] = Array.from(
        { length: 1 + random(5) },
        () =>
          columnsOf(
            Array.from({ length: random(30) }, () =>
              product(random(6) ? { price: { amount: `${random(40)}.${random(10)}0`, currency: ['VND', 'JPY', 'THB', 'USD'][random(4)]! } } : {}),
            ),
          ).prices,
      );
      const { table, maps } = mergePrices(tables);
      // The reference: each price numbered by its currency and text, in the order met.
      const ids = new Map<string, number>();
      const expected = tables.map((t) =>
        Array.from({ length: t.currency.length }, (_, i) => {
          if (i === 0) return 0;
          const { currency, amount } = priceAt(t, i);
          const key = `${currency} ${amount}`;
          if (!ids.has(key)) ids.set(key, ids.size + 1);
          return ids.get(key)!;
        }),
      );
      expect(maps.map((map) => [...map])).toEqual(expected);
      expect(table.currency.length).toBe(ids.size + 1);
      for (const [key, id] of ids) {
        const { currency, amount } = priceAt(table, id);
        expect(`${currency} ${amount}`).toBe(key);
      }
    }
  });

  it('splits merged columns back into each part’s, which merge again into the same', () => {
    const part = (economy: string, currency: string, n: number, offset: number) =>
      columnsOf(
        Array.from({ length: n }, (_, i) =>
          product({
            economy,
            category: i % 3 ? 'FOOD' : undefined,
            rating: i % 4 ? { scheme: 'OCOP', value: i % 5, max: 5 } : undefined,
            gtin: i % 2 ? String(4901234567894 + i + offset) : undefined,
            price: i % 5 ? { amount: `${(i % 7) + offset}.50`, currency: i % 6 ? currency : 'USD' } : undefined,
            certifications: i % 3 === 1 ? ([{ scheme: `S${i % 40}` }] as never) : [],
          }),
        ),
      );
    const parts = [part('VN', 'VND', 30, 0), part('TH', 'THB', 25, 100), part('JP', 'JPY', 20, 200)];
    // Interleaved: document g of the merged is document localOf[g] of part partOf[g].
    const order = parts.flatMap((p, k) => Array.from({ length: p.size }, (_, d) => [k, d] as const)).sort((a, b) => (a[1] - b[1]) * 3 + (a[0] - b[0]));
    const partOf = Uint16Array.from(order, ([k]) => k);
    const localOf = Int32Array.from(order, ([, d]) => d);
    const merged = mergeColumns(parts, partOf, localOf);
    const toGlobal = parts.map((p) => new Int32Array(p.size));
    order.forEach(([k, d], g) => {
      toGlobal[k]![d] = g;
    });
    const split = toGlobal.map((numbering) => splitColumns(merged, numbering));
    split.forEach((columns, k) => {
      const original = parts[k]!;
      for (let d = 0; d < original.size; d++) {
        expect(columns.economies[columns.economy[d]!]).toBe(original.economies[original.economy[d]!]);
        expect(priceAt(columns.prices, columns.price[d]!)).toEqual(priceAt(original.prices, original.price[d]!));
        expect([columns.rating[d], columns.gtin[d]]).toEqual([original.rating[d], original.gtin[d]]);
        for (let s = 1; s < original.schemes.length; s++)
          expect(hasScheme(columns, d, columns.schemes.indexOf(original.schemes[s]!))).toBe(hasScheme(original, d, s));
      }
    });
    expect(mergeColumns(split, partOf, localOf)).toEqual(merged);
  });
});
