/**
 * The judged search set: queries as portal visitors type them, in the seven languages of the
 * portal, each with the products (ids in the sample catalogues) it must find in its first ten
 * results. Judged by reading the four sample catalogues; grouped by kind of query.
 */
export type QueryKind = 'plain' | 'accent-free' | 'kana/half-width' | 'plurals' | 'spelling variants' | 'typos' | 'kanji variants' | 'cross-lingual';

export interface JudgedQuery {
  text: string;
  lang: 'en' | 'ja' | 'id' | 'ms' | 'vi' | 'th' | 'fil';
  kind: QueryKind;
  /** Products that must be among the first ten results. */
  expect: string[];
}

const COFFEE = [
  'id-ovop:IDN-0009',
  'id-ovop:IDN-0010',
  'id-ovop:IDN-0011',
  'id-ovop:IDN-0012',
  'my-ovop:MY-0013',
  'my-ovop:MY-0040',
  'vn-ocop:DL-0001',
  'vn-ocop:DL-0002',
];
const HONEY = ['my-ovop:MY-0007', 'id-ovop:IDN-0030', 'vn-ocop:DL-0003'];
const CHOCOLATE = ['id-ovop:IDN-0001', 'id-ovop:IDN-0002', 'id-ovop:IDN-0016'];
const CHIPS = ['id-ovop:IDN-0014', 'id-ovop:IDN-0015', 'id-ovop:IDN-0016'];
const CRACKERS = ['id-ovop:IDN-0025', 'id-ovop:IDN-0026', 'id-ovop:IDN-0042', 'my-ovop:MY-0033', 'my-ovop:MY-0039'];
const FISH_SAUCE = ['vn-ocop:KG-0001', 'vn-ocop:BT-0002', 'my-ovop:MY-0015'];
const TEA = ['my-ovop:MY-0008', 'vn-ocop:HG-0001', 'vn-ocop:TN-0001', 'vn-ocop:TN-0002', 'jp-ovop:OITA-0035'];
const RICE = ['my-ovop:MY-0012', 'jp-ovop:OITA-0031', 'vn-ocop:ST-0001'];
const DRIED_SHIITAKE = ['jp-ovop:OITA-0005', 'jp-ovop:OITA-0006'];
const SHIITAKE = [...DRIED_SHIITAKE, 'jp-ovop:OITA-0025'];
const SAUSAGE = ['vn-ocop:LS-0001', 'my-ovop:MY-0005'];
const SILK = ['my-ovop:MY-0004', 'vn-ocop:HN-0003', 'id-ovop:IDN-0021', 'my-ovop:MY-0031'];
const BATIK = ['id-ovop:IDN-0005', 'id-ovop:IDN-0006', 'id-ovop:IDN-0019', 'id-ovop:IDN-0020', 'id-ovop:IDN-0021', 'my-ovop:MY-0004', 'my-ovop:MY-0030'];
const POTTERY = [
  'my-ovop:MY-0001',
  'my-ovop:MY-0002',
  'id-ovop:IDN-0017',
  'id-ovop:IDN-0018',
  'id-ovop:IDN-0043',
  'jp-ovop:OITA-0039',
  'jp-ovop:OITA-0040',
  'vn-ocop:HN-0001',
  'vn-ocop:HN-0002',
];
const KABOSU = [
  'jp-ovop:OITA-0001',
  'jp-ovop:OITA-0002',
  'jp-ovop:OITA-0003',
  'jp-ovop:OITA-0004',
  'jp-ovop:OITA-0016',
  'jp-ovop:OITA-0020',
  'jp-ovop:OITA-0033',
];
const SONGKET = ['id-ovop:IDN-0003', 'id-ovop:IDN-0004', 'my-ovop:MY-0003', 'id-ovop:IDN-0023'];
const LYCHEE = ['vn-ocop:BG-0001', 'vn-ocop:BG-0002'];
const BASKETS = ['vn-ocop:HN-0005', 'id-ovop:IDN-0031', 'my-ovop:MY-0035', 'jp-ovop:OITA-0036'];
const NOODLES = ['vn-ocop:BG-0003', 'vn-ocop:LS-0003', 'jp-ovop:OITA-0026'];
const SHAWLS = ['id-ovop:IDN-0004', 'my-ovop:MY-0004', 'id-ovop:IDN-0021', 'vn-ocop:HG-0002'];
const PRAWNS = ['jp-ovop:OITA-0012', 'jp-ovop:OITA-0013', 'id-ovop:IDN-0025'];
const ARABICA = ['id-ovop:IDN-0009', 'id-ovop:IDN-0010', 'id-ovop:IDN-0011', 'id-ovop:IDN-0012'];
const MACKEREL = ['jp-ovop:OITA-0007', 'jp-ovop:OITA-0008', 'jp-ovop:OITA-0009'];

export const JUDGED: readonly JudgedQuery[] = [
  // Plain words, as the catalogues write them.
  { kind: 'plain', lang: 'en', text: 'batik', expect: BATIK },
  { kind: 'plain', lang: 'en', text: 'kabosu', expect: KABOSU.filter((id) => id !== 'jp-ovop:OITA-0016') },
  { kind: 'plain', lang: 'id', text: 'songket', expect: SONGKET },
  { kind: 'plain', lang: 'en', text: 'lychee', expect: LYCHEE },
  { kind: 'plain', lang: 'vi', text: 'vải thiều', expect: LYCHEE },
  { kind: 'plain', lang: 'ja', text: '関さば', expect: ['jp-ovop:OITA-0007', 'jp-ovop:OITA-0009'] },
  { kind: 'plain', lang: 'id', text: 'madu', expect: ['my-ovop:MY-0007', 'id-ovop:IDN-0030'] },
  { kind: 'plain', lang: 'en', text: 'bamboo', expect: ['jp-ovop:OITA-0036', 'jp-ovop:OITA-0037', 'jp-ovop:OITA-0038'] },
  { kind: 'plain', lang: 'id', text: 'rotan', expect: ['id-ovop:IDN-0031', 'id-ovop:IDN-0032', 'my-ovop:MY-0035'] },
  { kind: 'plain', lang: 'ms', text: 'teh', expect: ['my-ovop:MY-0008', 'my-ovop:MY-0027'] },
  { kind: 'plain', lang: 'vi', text: 'nước mắm', expect: ['vn-ocop:KG-0001', 'vn-ocop:BT-0002'] },
  { kind: 'plain', lang: 'ja', text: '焼酎', expect: ['jp-ovop:OITA-0017', 'jp-ovop:OITA-0018'] },
  { kind: 'plain', lang: 'ms', text: 'gula melaka', expect: ['my-ovop:MY-0006', 'my-ovop:MY-0032'] },
  { kind: 'plain', lang: 'en', text: 'star anise', expect: ['vn-ocop:LS-0006', 'vn-ocop:LS-0007'] },
  { kind: 'plain', lang: 'en', text: 'coffee', expect: COFFEE },
  { kind: 'plain', lang: 'en', text: 'honey', expect: HONEY },
  { kind: 'plain', lang: 'en', text: 'pottery', expect: POTTERY },
  // Vietnamese typed without its accents.
  { kind: 'accent-free', lang: 'vi', text: 'nuoc mam', expect: ['vn-ocop:KG-0001', 'vn-ocop:BT-0002'] },
  { kind: 'accent-free', lang: 'vi', text: 'banh tet', expect: ['vn-ocop:TV-0002'] },
  { kind: 'accent-free', lang: 'vi', text: 'vai thieu', expect: LYCHEE },
  { kind: 'accent-free', lang: 'vi', text: 'lap suon', expect: ['vn-ocop:LS-0001'] },
  { kind: 'accent-free', lang: 'vi', text: 'ca phe', expect: ['vn-ocop:DL-0001', 'vn-ocop:DL-0002', 'vn-ocop:DL-0003'] },
  { kind: 'accent-free', lang: 'vi', text: 'mien dong', expect: ['vn-ocop:LS-0003'] },
  { kind: 'accent-free', lang: 'vi', text: 'khoai lang', expect: ['vn-ocop:LS-0004'] },
  { kind: 'accent-free', lang: 'vi', text: 'mat ong', expect: HONEY },
  // Kana and half-width forms of what the catalogue writes.
  { kind: 'kana/half-width', lang: 'ja', text: 'ｶﾎﾞｽ', expect: KABOSU },
  { kind: 'kana/half-width', lang: 'ja', text: 'カボス', expect: KABOSU },
  { kind: 'kana/half-width', lang: 'ja', text: 'ｼｲﾀｹ', expect: SHIITAKE },
  { kind: 'kana/half-width', lang: 'ja', text: 'ﾋﾉﾋｶﾘ', expect: ['jp-ovop:OITA-0031'] },
  { kind: 'kana/half-width', lang: 'ja', text: 'ドンコ', expect: ['jp-ovop:OITA-0005'] },
  { kind: 'kana/half-width', lang: 'ja', text: 'ＢＡＴＩＫ', expect: BATIK },
  // Plurals and singulars.
  { kind: 'plurals', lang: 'en', text: 'potteries', expect: POTTERY },
  { kind: 'plurals', lang: 'en', text: 'cracker', expect: CRACKERS },
  { kind: 'plurals', lang: 'en', text: 'noodle', expect: NOODLES },
  { kind: 'plurals', lang: 'en', text: 'prawn', expect: PRAWNS },
  { kind: 'plurals', lang: 'en', text: 'baskets', expect: BASKETS },
  { kind: 'plurals', lang: 'en', text: 'lychees', expect: LYCHEE },
  { kind: 'plurals', lang: 'en', text: 'shawls', expect: SHAWLS },
  { kind: 'plurals', lang: 'en', text: 'sausages', expect: SAUSAGE },
  // Spelling variants between neighbours and regions.
  { kind: 'spelling variants', lang: 'id', text: 'coklat', expect: CHOCOLATE },
  { kind: 'spelling variants', lang: 'ms', text: 'kerepek', expect: CHIPS },
  { kind: 'spelling variants', lang: 'id', text: 'kripik', expect: CHIPS },
  { kind: 'spelling variants', lang: 'id', text: 'krupuk', expect: ['id-ovop:IDN-0025', 'id-ovop:IDN-0026'] },
  { kind: 'spelling variants', lang: 'fil', text: 'kape', expect: COFFEE },
  { kind: 'spelling variants', lang: 'fil', text: 'tsokolate', expect: CHOCOLATE },
  { kind: 'spelling variants', lang: 'vi', text: 'lạp xưởng', expect: ['vn-ocop:LS-0001'] },
  { kind: 'spelling variants', lang: 'vi', text: 'chè', expect: ['vn-ocop:TN-0001', 'vn-ocop:TN-0002', 'vn-ocop:HG-0001'] },
  { kind: 'spelling variants', lang: 'ms', text: 'sutera', expect: SILK },
  { kind: 'spelling variants', lang: 'en', text: 'tempe', expect: ['id-ovop:IDN-0015'] },
  { kind: 'spelling variants', lang: 'en', text: 'yoghurt', expect: ['jp-ovop:OITA-0032'] },
  { kind: 'spelling variants', lang: 'ms', text: 'keropok', expect: CRACKERS },
  // Typos: one edit from five letters, two from nine.
  { kind: 'typos', lang: 'en', text: 'shitake', expect: SHIITAKE },
  { kind: 'typos', lang: 'en', text: 'choclate', expect: CHOCOLATE },
  { kind: 'typos', lang: 'id', text: 'songkett', expect: SONGKET },
  { kind: 'typos', lang: 'en', text: 'mackarel', expect: MACKEREL },
  { kind: 'typos', lang: 'en', text: 'chopstiks', expect: ['jp-ovop:OITA-0038'] },
  { kind: 'typos', lang: 'en', text: 'pottary', expect: POTTERY },
  { kind: 'typos', lang: 'en', text: 'terracota', expect: ['id-ovop:IDN-0017'] },
  { kind: 'typos', lang: 'id', text: 'arabicca', expect: ARABICA },
  { kind: 'typos', lang: 'en', text: 'durain', expect: ['my-ovop:MY-0017', 'vn-ocop:ST-0002'] },
  { kind: 'typos', lang: 'en', text: 'rattn', expect: ['vn-ocop:HN-0005', 'id-ovop:IDN-0031', 'id-ovop:IDN-0032', 'my-ovop:MY-0035'] },
  { kind: 'typos', lang: 'en', text: 'cinnammon', expect: ['id-ovop:IDN-0035'] },
  // Kanji and kana written the other way, okurigana, 干/乾.
  { kind: 'kanji variants', lang: 'ja', text: '干し椎茸', expect: DRIED_SHIITAKE },
  { kind: 'kanji variants', lang: 'ja', text: '乾椎茸', expect: DRIED_SHIITAKE },
  { kind: 'kanji variants', lang: 'ja', text: '干ししいたけ', expect: DRIED_SHIITAKE },
  { kind: 'kanji variants', lang: 'ja', text: '椎茸', expect: SHIITAKE },
  { kind: 'kanji variants', lang: 'ja', text: 'ゆず胡椒', expect: ['jp-ovop:OITA-0015'] },
  { kind: 'kanji variants', lang: 'ja', text: '醤油', expect: ['jp-ovop:OITA-0021'] },
  { kind: 'kanji variants', lang: 'ja', text: '味噌', expect: ['jp-ovop:OITA-0022'] },
  { kind: 'kanji variants', lang: 'ja', text: '蕎麦', expect: ['jp-ovop:OITA-0026'] },
  { kind: 'kanji variants', lang: 'ja', text: '煎餅', expect: ['jp-ovop:OITA-0027'] },
  { kind: 'kanji variants', lang: 'ja', text: '唐揚げ', expect: ['jp-ovop:OITA-0024'] },
  // The same thing named in another language.
  { kind: 'cross-lingual', lang: 'ja', text: 'コーヒー', expect: COFFEE },
  { kind: 'cross-lingual', lang: 'th', text: 'กาแฟ', expect: COFFEE },
  { kind: 'cross-lingual', lang: 'th', text: 'น้ำผึ้ง', expect: HONEY },
  { kind: 'cross-lingual', lang: 'ja', text: 'はちみつ', expect: HONEY },
  { kind: 'cross-lingual', lang: 'th', text: 'ข้าว', expect: RICE },
  { kind: 'cross-lingual', lang: 'th', text: 'ชา', expect: TEA },
  { kind: 'cross-lingual', lang: 'th', text: 'ผ้าไหม', expect: SILK },
  { kind: 'cross-lingual', lang: 'th', text: 'ช็อกโกแลต', expect: CHOCOLATE },
  { kind: 'cross-lingual', lang: 'th', text: 'น้ำปลา', expect: FISH_SAUCE },
  { kind: 'cross-lingual', lang: 'ja', text: '陶器', expect: POTTERY },
  { kind: 'cross-lingual', lang: 'ja', text: 'お茶', expect: TEA },
  { kind: 'cross-lingual', lang: 'ja', text: 'チョコレート', expect: CHOCOLATE },
  { kind: 'cross-lingual', lang: 'fil', text: 'longganisa', expect: SAUSAGE },
  { kind: 'cross-lingual', lang: 'fil', text: 'patis', expect: FISH_SAUCE },
  { kind: 'cross-lingual', lang: 'fil', text: 'bigas', expect: RICE },
  { kind: 'cross-lingual', lang: 'fil', text: 'pulot', expect: HONEY },
  { kind: 'cross-lingual', lang: 'fil', text: 'palayok', expect: POTTERY },
  { kind: 'cross-lingual', lang: 'vi', text: 'gạo', expect: RICE },
  { kind: 'cross-lingual', lang: 'vi', text: 'mật ong', expect: HONEY },
  { kind: 'cross-lingual', lang: 'ms', text: 'budu', expect: FISH_SAUCE },
  { kind: 'cross-lingual', lang: 'en', text: 'fish sauce', expect: FISH_SAUCE },
  { kind: 'cross-lingual', lang: 'en', text: 'tea', expect: TEA },
  { kind: 'cross-lingual', lang: 'en', text: 'rice', expect: RICE },
  { kind: 'cross-lingual', lang: 'id', text: 'sutra', expect: SILK },
  { kind: 'cross-lingual', lang: 'en', text: 'shiitake', expect: SHIITAKE },
  { kind: 'cross-lingual', lang: 'ja', text: 'しいたけ', expect: SHIITAKE },
  { kind: 'cross-lingual', lang: 'en', text: 'chocolate', expect: CHOCOLATE },
  { kind: 'cross-lingual', lang: 'en', text: 'crackers', expect: CRACKERS },
  { kind: 'cross-lingual', lang: 'en', text: 'sausage', expect: SAUSAGE },
  { kind: 'cross-lingual', lang: 'id', text: 'kopi', expect: COFFEE },
  { kind: 'cross-lingual', lang: 'ja', text: 'バティック', expect: BATIK },
  { kind: 'cross-lingual', lang: 'ja', text: 'かぼす', expect: KABOSU },
];
