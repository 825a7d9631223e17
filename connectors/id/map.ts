import { knownAvailability } from '../../schemas/availability';
import { canonicalCertificate } from '../core/certificate';
import { RecordError } from '../core/errors';
import { allergens, category, compact, hsCode, integer, languageMap, list, money, quantity, text } from '../core/fields';
import type { MappedRecord } from '../core/harvest';

type Produk = Record<string, any>;

const SCHEMES: Record<string, string> = {
  HALAL: 'HALAL',
  BPOM: 'BPOM',
  PIRT: 'PIRT',
  SNI: 'SNI',
  ORGANIK: 'ORGANIC',
  IG: 'GI',
};

/** One record of Indonesia's OVOP API as a canonical candidate. */
export function mapProduk(p: Produk): MappedRecord {
  return {
    localId: text(p.kode),
    map: () =>
      compact({
        name: requireName(p),
        description: languageMap({ id: p.deskripsi, en: p.deskripsi_en }),
        story: languageMap({ id: p.cerita }),
        category: category(p.kategori),
        price: money(p.harga, 'IDR'),
        availability: knownAvailability(p.stok),
        rating: p.bintang === undefined || p.bintang === null ? undefined : { scheme: 'ID-OVOP', value: integer(p.bintang, 'rating'), max: 5 },
        producer: text(p.produsen?.nama) ? compact({ name: text(p.produsen.nama), region: text(p.lokasi?.provinsi) }) : undefined,
        origin: compact({ country: 'ID', region: text(p.lokasi?.provinsi), locality: text(p.lokasi?.kabupaten) }),
        certifications: (Array.isArray(p.sertifikat) ? p.sertifikat : []).map((s: Produk, i: number) =>
          canonicalCertificate(
            { kind: s.jenis, id: s.nomor, issuer: s.penerbit, validUntil: s.berlaku_hingga },
            { scheme: (kind) => SCHEMES[kind.toUpperCase()], path: `certifications.${i}.scheme` },
          ),
        ),
        gtin: text(p.gtin),
        hsCode: hsCode(p.kode_hs),
        netContent: quantity(p.berat_bersih),
        ingredients: languageMap({ id: p.komposisi }),
        allergens: allergens(list(p.alergen)),
        shelfLifeDays: integer(p.masa_simpan_hari, 'shelfLifeDays'),
        labelLanguages: list(p.bahasa_label),
        images: list(p.foto),
        url: text(p.tautan),
        marketplaces: [],
      }),
  };
}

/** The Indonesian name is the record's name of record: an English name alone does not make a product. */
function requireName(p: Produk) {
  if (!text(p.nama)) throw new RecordError('name.id', 'the Indonesian product name (nama) is empty');
  return languageMap({ id: p.nama, en: p.nama_en });
}
