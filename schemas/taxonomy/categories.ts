import type { Labels } from '../languages';
import { foldKey } from '../text/fold';

/** The shared category codes of the contract. */
export const CATEGORY_CODES = ['FOOD', 'BEVERAGE', 'HERBAL', 'TEXTILE', 'HANDICRAFT', 'RURAL_TOURISM'] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

export interface CategoryInfo {
  code: CategoryCode;
  labels: Labels;
  /** Other words national catalogues use for this category, in any language. */
  synonyms: string[];
}

export const CATEGORIES: readonly CategoryInfo[] = [
  {
    code: 'FOOD',
    labels: { en: 'Food', ja: '食品', id: 'Makanan', ms: 'Makanan', vi: 'Thực phẩm', th: 'อาหาร', fil: 'Pagkain' },
    synonyms: [
      'foods',
      'processed food',
      'agricultural products',
      'seafood',
      'food and drink',
      'food & beverage',
      '農産物',
      '水産物',
      '加工食品',
      '食料品',
      'makanan & minuman',
      'makanan dan minuman',
      'olahan pangan',
      'hasil laut',
      'nông sản',
      'thủy sản',
      'thực phẩm chế biến',
      'อาหารแปรรูป',
      'ผลิตภัณฑ์อาหาร',
      'pagkaing naproseso',
    ],
  },
  {
    code: 'BEVERAGE',
    labels: { en: 'Beverages', ja: '飲料', id: 'Minuman', ms: 'Minuman', vi: 'Đồ uống', th: 'เครื่องดื่ม', fil: 'Inumin' },
    synonyms: ['beverage', 'drinks', '酒類', '飲み物', 'お茶', 'kopi', 'teh', 'nước uống', 'เครื่องดื่มแอลกอฮอล์'],
  },
  {
    code: 'HERBAL',
    labels: {
      en: 'Herbal products',
      ja: '薬草・ハーブ',
      id: 'Jamu/Herbal',
      ms: 'Herba',
      vi: 'Thảo dược',
      th: 'สมุนไพร',
      fil: 'Halamang-gamot',
    },
    synonyms: [
      'herbal',
      'herbs',
      'non-food herbal',
      '薬草',
      'ハーブ',
      'jamu',
      'herbal',
      'obat tradisional',
      'herba',
      'dược liệu',
      'สมุนไพรที่ไม่ใช่อาหาร',
      'herbal na produkto',
    ],
  },
  {
    code: 'TEXTILE',
    labels: {
      en: 'Textiles and garments',
      ja: '織物・衣料',
      id: 'Tekstil',
      ms: 'Tekstil',
      vi: 'Vải và may mặc',
      th: 'ผ้าและเครื่องแต่งกาย',
      fil: 'Tela at kasuotan',
    },
    synonyms: [
      'textiles',
      'garments',
      'textile',
      '織物',
      '染織品',
      '繊維製品',
      'tenun',
      'batik',
      'kain',
      'songket',
      'tenunan',
      'dệt may',
      'thổ cẩm',
      'lụa',
      'ผ้า',
      'ผ้าไหม',
      'habi',
      'tela',
    ],
  },
  {
    code: 'HANDICRAFT',
    labels: {
      en: 'Handicrafts',
      ja: '工芸品',
      id: 'Kerajinan',
      ms: 'Kraf Tangan',
      vi: 'Lưu niệm - nội thất - trang trí',
      th: 'ของใช้ ของตกแต่ง ของที่ระลึก',
      fil: 'Likhang-kamay',
    },
    synonyms: [
      'handicraft',
      'crafts',
      'souvenirs',
      'furniture',
      'decoration',
      'pottery',
      'weaving',
      '竹工芸',
      '陶磁器',
      '民芸品',
      '木工品',
      'anyaman',
      'gerabah',
      'kerajinan tangan',
      'kriya',
      'kraf tanah',
      'kraf logam',
      'hasil hutan',
      'kraftangan',
      'thủ công mỹ nghệ',
      'gốm',
      'mây tre đan',
      'หัตถกรรม',
      'ของที่ระลึก',
      'ของใช้และของตกแต่ง',
      'handicrafts',
      'gawang-kamay',
    ],
  },
  {
    code: 'RURAL_TOURISM',
    labels: {
      en: 'Rural tourism',
      ja: '農村観光',
      id: 'Wisata Desa',
      ms: 'Pelancongan Desa',
      vi: 'Dịch vụ du lịch nông thôn',
      th: 'การท่องเที่ยวชุมชน',
      fil: 'Turismong pambukid',
    },
    synonyms: [
      'rural tourism services',
      'homestay',
      'community tourism',
      '体験',
      '観光',
      'desa wisata',
      'homestay',
      'pelancongan',
      'du lịch cộng đồng',
      'du lịch nông thôn',
      'dịch vụ du lịch cộng đồng',
      'ท่องเที่ยวชุมชน',
      'turismo',
    ],
  },
];

const byKey = new Map<string, CategoryCode>();
for (const c of CATEGORIES) {
  for (const word of [...Object.values(c.labels), ...c.synonyms, c.code]) byKey.set(foldKey(word), c.code);
}

/**
 * The shared category for a national catalogue's own word for it, in any language, matched by
 * search key (accents, case and width do not matter); undefined when no label or synonym matches.
 */
export function matchCategory(word: string): CategoryCode | undefined {
  return byKey.get(foldKey(word));
}
