/**
 * The 21 APEC member economies (ISO 3166-1 alpha-2), their currency, languages and, where one is
 * known, their One Village One Product programme. Names come from Intl.DisplayNames, except where
 * APEC's own usage differs (Hong Kong, China; Chinese Taipei).
 */
export interface EconomyInfo {
  code: string;
  currency: string;
  languages: string[];
  programme?: string;
  apecNames?: Partial<Record<string, string>>;
}

const list: EconomyInfo[] = [
  { code: 'AU', currency: 'AUD', languages: ['en'] },
  { code: 'BN', currency: 'BND', languages: ['ms', 'en'] },
  { code: 'CA', currency: 'CAD', languages: ['en', 'fr'] },
  { code: 'CL', currency: 'CLP', languages: ['es'] },
  { code: 'CN', currency: 'CNY', languages: ['zh-Hans'] },
  {
    code: 'HK',
    currency: 'HKD',
    languages: ['zh-Hant', 'en'],
    apecNames: { en: 'Hong Kong, China', ja: '中国香港', 'zh-Hans': '中国香港', 'zh-Hant': '中國香港' },
  },
  { code: 'ID', currency: 'IDR', languages: ['id'], programme: 'OVOP' },
  { code: 'JP', currency: 'JPY', languages: ['ja'], programme: 'OVOP' },
  { code: 'KR', currency: 'KRW', languages: ['ko'] },
  { code: 'MY', currency: 'MYR', languages: ['ms', 'en'], programme: 'OVOP' },
  { code: 'MX', currency: 'MXN', languages: ['es'] },
  { code: 'NZ', currency: 'NZD', languages: ['en', 'mi'] },
  { code: 'PG', currency: 'PGK', languages: ['en', 'tpi'] },
  { code: 'PE', currency: 'PEN', languages: ['es'] },
  { code: 'PH', currency: 'PHP', languages: ['fil', 'en'], programme: 'OTOP' },
  { code: 'RU', currency: 'RUB', languages: ['ru'] },
  { code: 'SG', currency: 'SGD', languages: ['en', 'ms', 'zh-Hans', 'ta'] },
  {
    code: 'TW',
    currency: 'TWD',
    languages: ['zh-Hant'],
    apecNames: { en: 'Chinese Taipei', ja: 'チャイニーズ・タイペイ', 'zh-Hans': '中华台北', 'zh-Hant': '中華台北' },
  },
  { code: 'TH', currency: 'THB', languages: ['th'], programme: 'OTOP' },
  { code: 'US', currency: 'USD', languages: ['en'] },
  { code: 'VN', currency: 'VND', languages: ['vi'], programme: 'OCOP' },
];

export const ECONOMIES: ReadonlyMap<string, EconomyInfo> = new Map(list.map((e) => [e.code, e]));

/** True when `code` is an APEC member economy's ISO 3166-1 alpha-2 code. */
export function isApecEconomy(code: string): boolean {
  return ECONOMIES.has(code);
}

/** The economy's name in `lang`, as APEC writes it where that differs from the ISO short name. */
export function economyName(code: string, lang: string): string {
  const apec = ECONOMIES.get(code)?.apecNames;
  if (apec) return apec[lang] ?? apec[lang.split('-')[0]!] ?? apec.en!;
  try {
    return new Intl.DisplayNames([lang, 'en'], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}
