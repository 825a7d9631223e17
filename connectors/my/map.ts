import { canonicalCertificate } from '../core/certificate';
import { RecordError } from '../core/errors';
import { allergens, category, compact, hsCode, integer, languageMap, list, money, quantity, text } from '../core/fields';
import type { MappedRecord } from '../core/harvest';

type Node = string | { '#text'?: string; [attribute: `@${string}`]: string | undefined };

const SCHEMES: Record<string, string> = { MYORGANIC: 'ORGANIC', MESTI: 'MESTI', MYGAP: 'MYGAP', GI: 'GI', HACCP: 'HACCP' };

const value = (node: Node | undefined) => (typeof node === 'object' ? node['#text'] : node);
const attr = (node: Node | undefined, name: string) => (typeof node === 'object' ? node[`@${name}`] : undefined);
const byLanguage = (nodes: Node[] | undefined) => languageMap(Object.fromEntries((nodes ?? []).map((n) => [attr(n, 'bahasa') ?? 'ms', value(n)])));

/** One `<produk>` of the SDSI feed as a canonical candidate. */
export function mapProduk(produk: Record<string, unknown>): MappedRecord {
  const p = produk as Record<string, Node[] | Node | undefined> & { nama?: Node[]; keterangan?: Node[]; kisah?: Node[]; ramuan?: Node[] };
  return {
    localId: text(attr(produk as Node, 'id')),
    map: () => {
      const pengeluar = p.pengeluar as Node | undefined;
      const halal = p.halal as Node | undefined;
      const pensijilan = (p.pensijilan as Node[] | undefined) ?? [];
      const net = p.kandungan_bersih as Node | undefined;
      if (!p.nama?.length) throw new RecordError('name', 'the product has no <nama>');
      return compact({
        name: byLanguage(p.nama),
        description: byLanguage(p.keterangan),
        story: byLanguage(p.kisah),
        category: category(value(p.kategori as Node)),
        price: money(value(p.harga as Node), 'MYR'),
        producer: value(pengeluar) ? compact({ name: text(value(pengeluar)), region: text(attr(pengeluar, 'negeri')) }) : undefined,
        origin: compact({ country: 'MY', region: text(attr(pengeluar, 'negeri')), locality: text(attr(pengeluar, 'daerah')) }),
        certifications: [
          ...(halal ? [certificate('HALAL', halal, () => 'HALAL')] : []),
          ...pensijilan.map((c) => certificate(attr(c, 'skim') ?? '', c, (skim) => SCHEMES[skim.toUpperCase()])),
        ],
        gtin: text(value(p.gtin as Node)),
        hsCode: hsCode(value(p.kod_hs as Node)),
        netContent: quantity(value(net), attr(net, 'unit')),
        ingredients: byLanguage(p.ramuan),
        allergens: allergens((p.alergen as Node[] | undefined)?.map(value) ?? []),
        shelfLifeDays: integer(attr(p.tempoh_simpan as Node, 'hari'), 'shelfLifeDays'),
        labelLanguages: list(value(p.bahasa_label as Node), /\s+/),
        images: list((p.gambar as Node[] | undefined)?.map(value)),
        url: text(value(p.pautan as Node)),
        marketplaces: [],
      });
    },
  };
}

function certificate(kind: string, node: Node, scheme: (kind: string) => string | undefined) {
  return canonicalCertificate(
    { kind, id: attr(node, 'nombor'), issuer: attr(node, 'badan'), validUntil: attr(node, 'tamat') },
    { scheme, path: 'certifications' },
  );
}
