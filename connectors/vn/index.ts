import { builtinInfo, type Connector } from '../core/connector';
import { decodeText } from '../core/decode-text';
import { CatalogueError } from '../core/errors';
import { fetchBytes, parseJson } from '../core/fetch-source';
import { collect, type MappedRecord } from '../core/harvest';
import { mapSanPham } from './map';

export const VN_API_PATH = '/vn/api/san-pham';
const PAGE_SIZE = 20;
const MAX_PAGES = 500;

const info = builtinInfo('vn-ocop', 'VN', 'OCOP', 'Vietnam OCOP (Mỗi xã một sản phẩm)', 'VND', 'vi');

/** Vietnam's OCOP catalogue: a JSON API paged by cursor (`con_tro`), until `con_tro_tiep` is empty. */
export function createVnConnector(baseUrl: string): Connector {
  return {
    ...info,
    async harvest({ transport, limit = Infinity, signal }) {
      const records: MappedRecord[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        if (pages >= MAX_PAGES) throw new CatalogueError(`more than ${MAX_PAGES} pages`);
        const query: string = cursor ? `&con_tro=${encodeURIComponent(cursor)}` : '';
        const url = `${baseUrl}${VN_API_PATH}?gioi_han=${PAGE_SIZE}${query}`;
        const body = parseJson(decodeText(await fetchBytes(transport, url, signal)), `page ${pages + 1}`) as {
          du_lieu?: unknown;
          con_tro_tiep?: unknown;
        };
        pages++;
        if (!Array.isArray(body.du_lieu)) throw new CatalogueError(`page ${pages} has no du_lieu list`);
        records.push(...body.du_lieu.map((p) => mapSanPham(p as Record<string, unknown>)));
        cursor = typeof body.con_tro_tiep === 'string' && body.con_tro_tiep !== '' ? body.con_tro_tiep : null;
      } while (cursor && records.length < limit);
      return collect(info, records.slice(0, limit), pages);
    },
  };
}
