import type { Labels } from '../languages';
import { foldKey } from '../text/fold';

/**
 * Allergen codes and their words in the catalogues' languages. Japan's eight mandatory allergens
 * (shrimp, crab, walnut, wheat, buckwheat, egg, milk, peanut) are among them.
 */
export const ALLERGENS: Readonly<Record<string, Labels & { synonyms?: string[] }>> = {
  SHRIMP: { en: 'shrimp', ja: 'えび', id: 'udang', ms: 'udang', vi: 'tôm', th: 'กุ้ง', fil: 'hipon', synonyms: ['prawn', '海老'] },
  CRAB: { en: 'crab', ja: 'かに', id: 'kepiting', ms: 'ketam', vi: 'cua', th: 'ปู', fil: 'alimango', synonyms: ['蟹'] },
  WALNUT: { en: 'walnut', ja: 'くるみ', id: 'kenari', ms: 'walnut', vi: 'óc chó', th: 'วอลนัท', fil: 'walnut' },
  TREE_NUTS: { en: 'tree nuts', ja: 'ナッツ類', id: 'kacang pohon', ms: 'kacang pokok', vi: 'hạt cây', th: 'ถั่วเปลือกแข็ง', fil: 'mani ng puno' },
  WHEAT: { en: 'wheat', ja: '小麦', id: 'gandum', ms: 'gandum', vi: 'lúa mì', th: 'ข้าวสาลี', fil: 'trigo', synonyms: ['gluten'] },
  BUCKWHEAT: { en: 'buckwheat', ja: 'そば', id: 'soba', ms: 'soba', vi: 'kiều mạch', th: 'บักวีท', fil: 'bakwit' },
  EGG: { en: 'egg', ja: '卵', id: 'telur', ms: 'telur', vi: 'trứng', th: 'ไข่', fil: 'itlog', synonyms: ['たまご'] },
  MILK: { en: 'milk', ja: '乳', id: 'susu', ms: 'susu', vi: 'sữa', th: 'นม', fil: 'gatas', synonyms: ['乳成分'] },
  PEANUT: { en: 'peanut', ja: '落花生', id: 'kacang tanah', ms: 'kacang tanah', vi: 'đậu phộng', th: 'ถั่วลิสง', fil: 'mani', synonyms: ['ピーナッツ', 'lạc'] },
  SOY: { en: 'soybean', ja: '大豆', id: 'kedelai', ms: 'kacang soya', vi: 'đậu nành', th: 'ถั่วเหลือง', fil: 'soya', synonyms: ['soy', 'kacang kedelai'] },
  FISH: { en: 'fish', ja: '魚', id: 'ikan', ms: 'ikan', vi: 'cá', th: 'ปลา', fil: 'isda' },
  MACKEREL: { en: 'mackerel', ja: 'さば', id: 'ikan kembung', ms: 'ikan tenggiri', vi: 'cá thu', th: 'ปลาทู', fil: 'alumahan', synonyms: ['鯖'] },
  SQUID: { en: 'squid', ja: 'いか', id: 'cumi', ms: 'sotong', vi: 'mực', th: 'ปลาหมึก', fil: 'pusit' },
  SESAME: { en: 'sesame', ja: 'ごま', id: 'wijen', ms: 'bijan', vi: 'mè', th: 'งา', fil: 'linga', synonyms: ['vừng', '胡麻'] },
};

const byKey = new Map<string, string>();
for (const [code, { synonyms = [], ...labels }] of Object.entries(ALLERGENS)) {
  for (const word of [code, ...Object.values(labels), ...synonyms]) byKey.set(foldKey(word), code);
}

/** The allergen code for a catalogue's word for it, in any language; undefined when unknown. */
export function matchAllergen(word: string): string | undefined {
  return byKey.get(foldKey(word));
}
