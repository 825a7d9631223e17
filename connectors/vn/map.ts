import { knownAvailability } from '../../schemas/availability';
import { foldKey } from '../../schemas/text/fold';
import { canonicalCertificate } from '../core/certificate';
import { RecordError } from '../core/errors';
import { allergens, category, compact, hsCode, integer, languageMap, list, money, quantity, text } from '../core/fields';
import type { MappedRecord } from '../core/harvest';

type SanPham = Record<string, any>;

const SCHEMES: Record<string, string> = {
  [foldKey('VietGAP')]: 'VIETGAP',
  [foldKey('Chỉ dẫn địa lý')]: 'GI',
  [foldKey('HACCP')]: 'HACCP',
  [foldKey('ISO 22000')]: 'ISO22000',
  [foldKey('Hữu cơ')]: 'ORGANIC',
};

/** OCOP certificates are valid for 36 months from their date of issue (Decision 148/QĐ-TTg). */
const OCOP_VALIDITY_MONTHS = 36;

/** One record of Vietnam's OCOP API as a canonical candidate. */
export function mapSanPham(p: SanPham): MappedRecord {
  return {
    localId: text(p.ma),
    map: () => {
      if (!text(p.ten)) throw new RecordError('name.vi', 'the product has no Vietnamese name (ten)');
      const ocop = p.ocop as SanPham | undefined;
      const place = (p.dia_ban ?? {}) as SanPham;
      return compact({
        name: languageMap({ vi: p.ten, en: p.ten_en }),
        description: languageMap({ vi: p.mo_ta, en: p.mo_ta_en }),
        story: languageMap({ vi: p.cau_chuyen }),
        category: category(p.nhom),
        price: money(p.gia, 'VND'),
        availability: knownAvailability(p.ton_kho),
        rating: ocop ? { scheme: 'VN-OCOP', value: integer(ocop.hang_sao, 'rating'), max: 5 } : undefined,
        producer: text(p.chu_the?.ten) ? compact({ name: text(p.chu_the.ten), region: text(place.tinh) }) : undefined,
        origin: compact({
          country: 'VN',
          region: text(place.tinh),
          // Since 1 July 2025 Vietnam has two levels of local government (province, commune): no district.
          locality: text(place.xa),
        }),
        certifications: [
          ...(ocop ? [ocopCertificate(ocop)] : []),
          ...(Array.isArray(p.chung_nhan_khac) ? p.chung_nhan_khac : []).map((c: SanPham, i: number) =>
            canonicalCertificate(
              { kind: c.loai, id: c.so, issuer: c.to_chuc_cap, validUntil: c.hieu_luc_den },
              { scheme: (kind) => SCHEMES[foldKey(kind)], path: `certifications.${i}.scheme` },
            ),
          ),
        ],
        gtin: text(p.ma_vach),
        hsCode: hsCode(p.ma_hs),
        netContent: quantity(p.don_vi),
        ingredients: languageMap({ vi: p.thanh_phan }),
        allergens: allergens(list(p.di_ung)),
        shelfLifeDays: integer(p.han_su_dung_ngay, 'shelfLifeDays'),
        labelLanguages: list(p.ngon_ngu_nhan),
        images: list(p.hinh_anh),
        marketplaces: (Array.isArray(p.san_tmdt) ? p.san_tmdt : []).map((m: SanPham) => ({ name: text(m.ten), url: text(m.url) })),
        traceabilityUrl: text(p.truy_xuat),
      });
    },
  };
}

function ocopCertificate(ocop: SanPham) {
  const issued = text(ocop.ngay_cap);
  return canonicalCertificate(
    { kind: 'OCOP', id: ocop.so_chung_nhan, issuer: ocop.co_quan_cap, validUntil: issued ? addMonths(issued, OCOP_VALIDITY_MONTHS) : undefined },
    { scheme: () => 'OCOP', path: 'certifications' },
  );
}

/** An ISO date plus whole months, clamped to the month's last day (29 Feb + 12 months → 28 Feb). */
export function addMonths(isoDate: string, months: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RecordError('certifications.OCOP.validUntil', `"${isoDate}" is not a date (YYYY-MM-DD)`);
  const [year, month, day] = [Number(m[1]), Number(m[2]) - 1 + months, Number(m[3])];
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day, last))).toISOString().slice(0, 10);
}
