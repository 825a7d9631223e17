import type { Connector, ConnectorInfo } from '../core/connector';
import { decodeText } from '../core/decode-text';
import { CatalogueError } from '../core/errors';
import { fetchBytes, parseJson } from '../core/fetch-source';
import { collect, type MappedRecord } from '../core/harvest';
import { mapProduk } from './map';

export const ID_API_PATH = '/id/api/v1/produk';
const PAGE_SIZE = 20;
const MAX_PAGES = 500;

const info: ConnectorInfo = {
  id: 'id-ovop',
  economy: 'ID',
  programme: 'OVOP',
  name: 'Indonesia OVOP (Kemenperin)',
  builtin: true,
  defaults: { currency: 'IDR', language: 'id' },
  refresh: { ttlSeconds: 3600 },
};

/** Indonesia's OVOP catalogue: a JSON API paged by `halaman`, until an empty page. */
export function createIdConnector(baseUrl: string): Connector {
  return {
    ...info,
    async harvest({ transport, limit = Infinity, signal }) {
      const records: MappedRecord[] = [];
      let pages = 0;
      while (records.length < limit) {
        if (pages >= MAX_PAGES) throw new CatalogueError(`more than ${MAX_PAGES} pages`);
        const url = `${baseUrl}${ID_API_PATH}?halaman=${pages + 1}&per_halaman=${PAGE_SIZE}`;
        const body = parseJson(decodeText(await fetchBytes(transport, url, signal)), `page ${pages + 1}`);
        pages++;
        const produk = (body as { data?: { produk?: unknown } }).data?.produk;
        if (!Array.isArray(produk)) throw new CatalogueError(`page ${pages} has no data.produk list`);
        if (produk.length === 0) break;
        records.push(...produk.map((p) => mapProduk(p as Record<string, unknown>)));
      }
      return collect(info, records.slice(0, limit), pages);
    },
  };
}
