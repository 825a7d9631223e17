/** Whether a product can be bought now (docs/contract.md: `Product.availability`); UNKNOWN when the source says nothing. */
export const AVAILABILITY = ['IN_STOCK', 'OUT_OF_STOCK', 'PRE_ORDER', 'DISCONTINUED', 'UNKNOWN'] as const;
export type Availability = (typeof AVAILABILITY)[number];

type Known = Exclude<Availability, 'UNKNOWN'>;

/**
 * Words catalogues write for stock, in the economies' languages (English, Japanese, Indonesian and
 * Malay, Vietnamese, Thai, Filipino, Spanish, Chinese), folded as `availabilityOf` folds its input.
 */
const WORDS: ReadonlyArray<readonly [Known, readonly string[]]> = [
  [
    'IN_STOCK',
    [
      'in stock',
      'instock',
      'available',
      'yes',
      'true',
      'in_stock',
      '在庫あり',
      '在庫有',
      '販売中',
      'あり',
      'tersedia',
      'ada',
      'ada stok',
      'stok ada',
      'còn hàng',
      'có sẵn',
      'มีสินค้า',
      'พร้อมส่ง',
      'มี',
      'may stock',
      'meron',
      'disponible',
      'en stock',
      '有货',
      '有貨',
      '现货',
    ],
  ],
  [
    'OUT_OF_STOCK',
    [
      'out of stock',
      'outofstock',
      'out_of_stock',
      'sold out',
      'unavailable',
      'no',
      'false',
      '在庫なし',
      '在庫切れ',
      '品切れ',
      '売り切れ',
      '完売',
      'なし',
      'habis',
      'stok habis',
      'tidak tersedia',
      'kehabisan stok',
      'hết hàng',
      'tạm hết',
      'สินค้าหมด',
      'หมด',
      'ubos na',
      'agotado',
      'sin stock',
      '缺货',
      '缺貨',
      '售罄',
    ],
  ],
  [
    'PRE_ORDER',
    [
      'pre-order',
      'preorder',
      'pre order',
      'pre_order',
      'backorder',
      '予約',
      '予約受付中',
      '受注生産',
      'pra-pesan',
      'pesan dulu',
      'tempahan',
      'đặt trước',
      'đặt hàng trước',
      'สั่งจอง',
      'พรีออเดอร์',
      'สั่งจองล่วงหน้า',
      'preventa',
      '预售',
      '預購',
    ],
  ],
  [
    'DISCONTINUED',
    [
      'discontinued',
      '販売終了',
      '生産終了',
      'dihentikan',
      'tidak diproduksi lagi',
      'ngừng kinh doanh',
      'ngừng sản xuất',
      'ngừng bán',
      'เลิกผลิต',
      'เลิกจำหน่าย',
      'descontinuado',
      '停产',
      '停售',
    ],
  ],
];

const BY_WORD = new Map<string, Known>(WORDS.flatMap(([value, words]) => words.map((w) => [fold(w), value] as const)));

/** The most characters of a stock value read: longer text is no stock word. */
const MAX_WORD = 64;

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

/**
 * A catalogue's stock value as an availability: a count (a number, or digits) is IN_STOCK above
 * zero and OUT_OF_STOCK at zero; a boolean is IN_STOCK or OUT_OF_STOCK; a word or phrase in the
 * catalogue's language is looked up (width-, case- and space-insensitive, NFKC). Anything else,
 * and nothing, is UNKNOWN: an unrecognised word never guesses.
 */
export function availabilityOf(value: unknown): Availability {
  if (value === undefined || value === null) return 'UNKNOWN';
  if (typeof value === 'boolean') return value ? 'IN_STOCK' : 'OUT_OF_STOCK';
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? (value > 0 ? 'IN_STOCK' : 'OUT_OF_STOCK') : 'UNKNOWN';
  if (typeof value !== 'string' || value.length > MAX_WORD) return 'UNKNOWN';
  const word = fold(value);
  if (/^\d{1,12}$/.test(word)) return Number(word) > 0 ? 'IN_STOCK' : 'OUT_OF_STOCK';
  return BY_WORD.get(word) ?? 'UNKNOWN';
}

/** The availability of a stock value, or undefined when UNKNOWN: a canonical product leaves it out then. */
export function knownAvailability(value: unknown): Exclude<Availability, 'UNKNOWN'> | undefined {
  const availability = availabilityOf(value);
  return availability === 'UNKNOWN' ? undefined : availability;
}
