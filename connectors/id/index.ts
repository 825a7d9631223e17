import { builtinInfo, type Connector, type Transport } from '../core/connector';
import { decodeText } from '../core/decode-text';
import { CatalogueError } from '../core/errors';
import { fetchBytes, parseJson } from '../core/fetch-source';
import { Collector } from '../core/harvest';
import { readPages } from '../core/paginate';
import { mapProduk } from './map';

export const ID_API_PATH = '/id/api/v1/produk';
const PAGE_SIZE = 20;
const MAX_PAGES = 500;

const info = builtinInfo('id-ovop', 'ID', 'OVOP', 'Indonesia OVOP (Kemenperin)', 'IDR', 'id');

/**
 * Indonesia's OVOP catalogue: a JSON API paged by `halaman`, read page by page until the total the
 * pages state, or an empty page when they state none.
 */
export function createIdConnector(baseUrl: string): Connector {
  const page = async (transport: Transport, n: number, signal?: AbortSignal) => {
    const url = `${baseUrl}${ID_API_PATH}?halaman=${n}&per_halaman=${PAGE_SIZE}`;
    const body = parseJson(decodeText(await fetchBytes(transport, url, signal)), `page ${n}`) as { data?: { produk?: unknown; total?: unknown } };
    const produk = body.data?.produk;
    if (!Array.isArray(produk)) throw new CatalogueError(`page ${n} has no data.produk list`);
    return { produk, total: typeof body.data?.total === 'number' ? body.data.total : undefined };
  };
  return {
    ...info,
    async harvest({ transport, limit, signal }) {
      const collector = new Collector(info);
      const { pages, truncated } = await readPages({
        first: 1,
        fetchPage: async (n) => {
          const { produk, total } = await page(transport, n, signal);
          const more = produk.length > 0 && (total === undefined || n * PAGE_SIZE < total);
          return { records: produk, next: more ? n + 1 : undefined };
        },
        onRecord: (p) => collector.add(mapProduk(p as Record<string, unknown>)),
        limit,
        maxPages: MAX_PAGES,
      });
      return collector.result(pages, truncated);
    },
  };
}
