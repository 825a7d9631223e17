import { describe, expect, it } from 'vitest';
import { availabilityOf } from './availability';

describe('availabilityOf', () => {
  it.each([
    [12, 'IN_STOCK'],
    [0, 'OUT_OF_STOCK'],
    ['３', 'IN_STOCK'],
    ['0', 'OUT_OF_STOCK'],
    [true, 'IN_STOCK'],
    [false, 'OUT_OF_STOCK'],
    ['In Stock', 'IN_STOCK'],
    ['  SOLD   OUT ', 'OUT_OF_STOCK'],
    ['在庫あり', 'IN_STOCK'],
    ['品切れ', 'OUT_OF_STOCK'],
    ['予約受付中', 'PRE_ORDER'],
    ['販売終了', 'DISCONTINUED'],
    ['Tersedia', 'IN_STOCK'],
    ['stok habis', 'OUT_OF_STOCK'],
    ['Còn hàng', 'IN_STOCK'],
    ['Còn hàng'.normalize('NFD'), 'IN_STOCK'],
    ['hết hàng', 'OUT_OF_STOCK'],
    ['đặt trước', 'PRE_ORDER'],
    ['ngừng kinh doanh', 'DISCONTINUED'],
    ['มีสินค้า', 'IN_STOCK'],
    ['สินค้าหมด', 'OUT_OF_STOCK'],
    ['พรีออเดอร์', 'PRE_ORDER'],
  ])('%j is %s', (value, expected) => {
    expect(availabilityOf(value)).toBe(expected);
  });

  it.each([[undefined], [null], [''], ['maybe'], [-1], [Number.NaN], [{}], ['x'.repeat(10_000)]])('%j is UNKNOWN', (value) => {
    expect(availabilityOf(value)).toBe('UNKNOWN');
  });
});
