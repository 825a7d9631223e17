import { canonicalCertificate } from '../core/certificate';
import { RecordError } from '../core/errors';
import { allergens, category, compact, hsCode, integer, languageMap, list, money, quantity, text } from '../core/fields';
import type { MappedRecord } from '../core/harvest';

const SCHEMES: Record<string, string> = { 有機JAS: 'JAS_ORGANIC', GI: 'GI', HACCP: 'HACCP', ISO22000: 'ISO22000' };

/** The prefecture every record of Oita's export comes from; the file has no column for it. */
const PREFECTURE = '大分県';
/** The prefecture's name in Latin script. */
const PREFECTURE_NAMES = { en: 'Oita' };

/** One row of Oita's OVOP CSV export (Japanese headers) as a canonical candidate. */
export function mapRow(row: Record<string, string>): MappedRecord {
  return {
    localId: text(row['商品番号']),
    map: () => {
      if (row.__columns) throw new RecordError('(record)', `the row has ${row.__columns} columns, not as many as the header`);
      if (!text(row['商品名'])) throw new RecordError('name.ja', '商品名 (the product name) is empty');
      return compact({
        name: languageMap({ ja: row['商品名'], en: row['英語名'] }),
        description: languageMap({ ja: row['商品説明'], en: row['英語説明'] }),
        story: languageMap({ ja: row['ストーリー'] }),
        category: category(row['分類']),
        price: money(row['販売価格(税込)'], 'JPY'),
        producer: text(row['生産者']) ? compact({ name: text(row['生産者']), region: PREFECTURE, names: languageMap({ en: row['生産者(英語)'] }) }) : undefined,
        origin: compact({
          country: 'JP',
          region: PREFECTURE,
          locality: text(row['市町村']),
          regionNames: PREFECTURE_NAMES,
          localityNames: languageMap({ en: row['市町村(英語)'] }),
        }),
        certifications: list(row['認証'], '|').map(certificate),
        gtin: text(row['JANコード']),
        hsCode: hsCode(row['HSコード']),
        netContent: quantity(row['内容量']),
        ingredients: languageMap({ ja: row['原材料'] }),
        allergens: allergens(list(row['アレルギー物質'], /[・、,]/)),
        shelfLifeDays: integer(row['賞味期間(日)'], 'shelfLifeDays'),
        labelLanguages: list(row['表示言語'], '|'),
        images: list(row['画像'], '|'),
        url: text(row['商品ページ']),
        marketplaces: [],
      });
    },
  };
}

/** `種別:番号:発行者:有効期限`, e.g. `有機JAS:OC-2021-0456:日本オーガニック認証協会:2027-03-31`. */
function certificate(entry: string) {
  const [kind = '', id, issuer, validUntil] = entry.split(/[:：]/);
  return canonicalCertificate({ kind, id, issuer, validUntil }, { scheme: (k) => SCHEMES[k.trim()], path: 'certifications' });
}
