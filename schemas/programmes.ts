import type { Labels } from './languages';

/**
 * National programmes and their rating scales. A rating outside its programme's scale is not a
 * rating of that programme: a record carrying one is quarantined, never served.
 */
export interface ProgrammeInfo {
  code: string;
  labels: Labels;
  rating?: { scheme: string; min: number; max: number };
}

export const PROGRAMMES: ReadonlyMap<string, ProgrammeInfo> = new Map(
  (
    [
      {
        code: 'OVOP',
        labels: {
          en: 'One Village One Product',
          ja: '一村一品',
          id: 'Satu Desa Satu Produk',
          ms: 'Satu Daerah Satu Industri',
          vi: 'Mỗi làng một sản phẩm',
          th: 'หนึ่งหมู่บ้านหนึ่งผลิตภัณฑ์',
          fil: 'Isang Nayon Isang Produkto',
        },
      },
      {
        code: 'OCOP',
        labels: {
          en: 'One Commune One Product',
          ja: '一村一品(ベトナム)',
          id: 'Satu Komune Satu Produk',
          ms: 'Satu Komun Satu Produk',
          vi: 'Mỗi xã một sản phẩm',
          th: 'หนึ่งตำบลหนึ่งผลิตภัณฑ์ (เวียดนาม)',
          fil: 'Isang Komyun Isang Produkto',
        },
      },
      {
        code: 'OTOP',
        labels: {
          en: 'One Town One Product',
          ja: '一村一品(タイ・フィリピン)',
          id: 'Satu Kota Satu Produk',
          ms: 'Satu Bandar Satu Produk',
          vi: 'Mỗi thị trấn một sản phẩm',
          th: 'หนึ่งตำบลหนึ่งผลิตภัณฑ์',
          fil: 'Isang Bayan Isang Produkto',
        },
      },
    ] satisfies ProgrammeInfo[]
  ).map((p) => [p.code, p]),
);

/** Rating scales by scheme (`{economy}-{programme}`): Vietnam's OCOP rates 3 to 5 stars, and so on. */
export const RATING_SCALES: ReadonlyMap<string, { min: number; max: number }> = new Map([
  ['VN-OCOP', { min: 3, max: 5 }],
  ['ID-OVOP', { min: 2, max: 5 }],
  ['TH-OTOP', { min: 1, max: 5 }],
]);
