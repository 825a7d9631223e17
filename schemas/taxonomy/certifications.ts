import type { Labels } from '../languages';

/** Certification schemes of the contract, and a few more national ones the catalogues carry. */
export const CERTIFICATION_SCHEMES: Readonly<Record<string, Labels>> = {
  HALAL: { en: 'Halal', ja: 'ハラール', id: 'Halal', ms: 'Halal', vi: 'Halal', th: 'ฮาลาล', fil: 'Halal' },
  ORGANIC: { en: 'Organic', ja: '有機', id: 'Organik', ms: 'Organik', vi: 'Hữu cơ', th: 'เกษตรอินทรีย์', fil: 'Organiko' },
  JAS_ORGANIC: { en: 'JAS Organic', ja: '有機JAS', id: 'Organik JAS', ms: 'Organik JAS', vi: 'Hữu cơ JAS', th: 'เกษตรอินทรีย์ JAS', fil: 'JAS Organiko' },
  VIETGAP: { en: 'VietGAP', ja: 'VietGAP', id: 'VietGAP', ms: 'VietGAP', vi: 'VietGAP', th: 'VietGAP', fil: 'VietGAP' },
  GI: { en: 'Geographical indication', ja: '地理的表示(GI)', id: 'Indikasi Geografis', ms: 'Petunjuk Geografi', vi: 'Chỉ dẫn địa lý', th: 'สิ่งบ่งชี้ทางภูมิศาสตร์', fil: 'Heograpikong Indikasyon' },
  HACCP: { en: 'HACCP', ja: 'HACCP', id: 'HACCP', ms: 'HACCP', vi: 'HACCP', th: 'HACCP', fil: 'HACCP' },
  ISO22000: { en: 'ISO 22000', ja: 'ISO 22000', id: 'ISO 22000', ms: 'ISO 22000', vi: 'ISO 22000', th: 'ISO 22000', fil: 'ISO 22000' },
  FDA_TH: { en: 'Thai FDA registration', ja: 'タイFDA登録', id: 'Registrasi FDA Thailand', ms: 'Pendaftaran FDA Thailand', vi: 'Đăng ký FDA Thái Lan', th: 'เครื่องหมาย อย.', fil: 'Rehistro sa Thai FDA' },
  BPOM: { en: 'BPOM food registration', ja: 'BPOM食品登録', id: 'Izin edar BPOM', ms: 'Pendaftaran BPOM', vi: 'Đăng ký BPOM', th: 'ทะเบียน BPOM', fil: 'Rehistro sa BPOM' },
  PIRT: { en: 'P-IRT home-industry food permit', ja: 'P-IRT家内工業食品許可', id: 'Izin P-IRT', ms: 'Permit P-IRT', vi: 'Giấy phép P-IRT', th: 'ใบอนุญาต P-IRT', fil: 'Permiso P-IRT' },
  SNI: { en: 'Indonesian National Standard (SNI)', ja: 'インドネシア国家規格(SNI)', id: 'Standar Nasional Indonesia', ms: 'Piawaian Kebangsaan Indonesia', vi: 'Tiêu chuẩn quốc gia Indonesia', th: 'มาตรฐาน SNI', fil: 'Pamantayang SNI' },
  MESTI: { en: 'MeSTI food safety', ja: 'MeSTI食品安全', id: 'Keamanan pangan MeSTI', ms: 'Keselamatan makanan MeSTI', vi: 'An toàn thực phẩm MeSTI', th: 'ความปลอดภัยอาหาร MeSTI', fil: 'Kaligtasan ng pagkain MeSTI' },
  MYGAP: { en: 'MyGAP', ja: 'MyGAP', id: 'MyGAP', ms: 'MyGAP', vi: 'MyGAP', th: 'MyGAP', fil: 'MyGAP' },
  FDA_PH: { en: 'FDA Philippines product registration', ja: 'フィリピンFDA製品登録', id: 'Registrasi FDA Filipina', ms: 'Pendaftaran FDA Filipina', vi: 'Đăng ký FDA Philippines', th: 'ทะเบียน อย. ฟิลิปปินส์', fil: 'Rehistro sa FDA ng Pilipinas' },
  OCOP: { en: 'OCOP certificate', ja: 'OCOP認証', id: 'Sertifikat OCOP', ms: 'Sijil OCOP', vi: 'Giấy chứng nhận OCOP', th: 'ใบรับรอง OCOP', fil: 'Sertipiko ng OCOP' },
  OTOP: { en: 'OTOP certificate', ja: 'OTOP認証', id: 'Sertifikat OTOP', ms: 'Sijil OTOP', vi: 'Giấy chứng nhận OTOP', th: 'ใบรับรอง OTOP', fil: 'Sertipiko ng OTOP' },
};

/** Syntactic shape of a scheme code; schemes beyond the table above may be added by connectors. */
export const SCHEME_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,31}$/;
