import { builtinInfo, type Connector } from '../core/connector';
import { decodeText } from '../core/decode-text';
import { CatalogueError } from '../core/errors';
import { fetchBytes, parseJson } from '../core/fetch-source';
import { Collector } from '../core/harvest';
import { readPages } from '../core/paginate';
import { mapSanPham } from './map';

export const VN_API_PATH = '/vn/api/san-pham';
const PAGE_SIZE = 20;
const MAX_PAGES = 500;

const info = builtinInfo({ id: 'vn-ocop', economy: 'VN', programme: 'OCOP', name: 'Vietnam OCOP (Mỗi xã một sản phẩm)', currency: 'VND', language: 'vi' });

/** Vietnam's OCOP catalogue: a JSON API paged by cursor (`con_tro`), until `con_tro_tiep` is empty. */
export function createVnConnector(baseUrl: string): Connector {
  return {
    ...info,
    async harvest({ transport, limit, signal, onProduct, pace, uniqueDownstream }) {
      const collector = new Collector(info, { onProduct, uniqueDownstream });
      const { pages, truncated } = await readPages<string | undefined>({
        first: undefined,
        fetchPage: async (cursor, n) => {
          const query = cursor ? `&con_tro=${encodeURIComponent(cursor)}` : '';
          const url = `${baseUrl}${VN_API_PATH}?gioi_han=${PAGE_SIZE}${query}`;
          const body = parseJson(decodeText(await fetchBytes(transport, url, signal)), `page ${n}`) as { du_lieu?: unknown; con_tro_tiep?: unknown };
          if (!Array.isArray(body.du_lieu)) throw new CatalogueError(`page ${n} has no du_lieu list`);
          const next = typeof body.con_tro_tiep === 'string' && body.con_tro_tiep !== '' ? body.con_tro_tiep : undefined;
          return { records: body.du_lieu, next };
        },
        onRecord: (p) => collector.add(() => mapSanPham(p as Record<string, unknown>)),
        limit,
        maxPages: MAX_PAGES,
        pace,
      });
      return collector.result(pages, truncated);
    },
  };
}
