import { builtinInfo, type Connector, type Transport } from '../core/connector';
import { decodeText } from '../core/decode-text';
import { CatalogueError } from '../core/errors';
import { fetchBytes, parseJson } from '../core/fetch-source';
import { collect } from '../core/harvest';
import { mapProduk } from './map';

export const ID_API_PATH = '/id/api/v1/produk';
const PAGE_SIZE = 20;
const MAX_PAGES = 500;

const info = builtinInfo('id-ovop', 'ID', 'OVOP', 'Indonesia OVOP (Kemenperin)', 'IDR', 'id');

/**
 * Indonesia's OVOP catalogue: a JSON API paged by `halaman`. The first page states the total, so
 * the rest are fetched together; without a total, pages are read one by one until an empty one.
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
    async harvest({ transport, limit = Infinity, signal }) {
      const first = await page(transport, 1, signal);
      const lists = [first.produk];
      if (first.total !== undefined) {
        const pages = Math.min(Math.ceil(Math.min(first.total, limit) / PAGE_SIZE), MAX_PAGES);
        const rest = await Promise.all(Array.from({ length: Math.max(pages - 1, 0) }, (_, i) => page(transport, i + 2, signal)));
        lists.push(...rest.map((r) => r.produk));
      } else {
        for (let n = 2; lists.at(-1)!.length > 0 && lists.flat().length < limit; n++) {
          if (n > MAX_PAGES) throw new CatalogueError(`more than ${MAX_PAGES} pages`);
          lists.push((await page(transport, n, signal)).produk);
        }
      }
      const records = lists.flat().slice(0, limit).map((p) => mapProduk(p as Record<string, unknown>));
      return collect(info, records, lists.length);
    },
  };
}
