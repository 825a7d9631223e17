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
/** Pages requested ahead of the one being read, once the total is known (the upstream pipeline's concurrency). */
const LOOKAHEAD = 4;

const info = builtinInfo({ id: 'id-ovop', economy: 'ID', programme: 'OVOP', name: 'Indonesia OVOP (Kemenperin)', currency: 'IDR', language: 'id' });

/**
 * Indonesia's OVOP catalogue: a JSON API paged by `halaman`, read page by page until the total the
 * first page states (the next few requested ahead), or an empty page when it states none.
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
    async harvest({ transport, limit, signal, onProduct, pace, uniqueDownstream }) {
      const collector = new Collector(info, { onProduct, uniqueDownstream });
      // Once page 1 states the total, the next few pages are requested ahead (read in order, a window at a time).
      const ahead = new Map<number, ReturnType<typeof page>>();
      let last = Infinity;
      const requestAhead = (n: number) => {
        if (last === Infinity) return;
        for (let k = n + 1; k <= Math.min(n + LOOKAHEAD, last, MAX_PAGES); k++) {
          if (!ahead.has(k)) ahead.set(k, page(transport, k, signal).catch((error) => ({ error })) as ReturnType<typeof page>);
        }
      };
      const fetch = async (n: number) => {
        requestAhead(n);
        const pending = ahead.get(n) ?? page(transport, n, signal);
        ahead.delete(n);
        const result = (await pending) as Awaited<ReturnType<typeof page>> & { error?: unknown };
        if (result.error) throw result.error;
        return result;
      };
      const { pages, truncated } = await readPages({
        first: 1,
        fetchPage: async (n) => {
          const { produk, total } = await fetch(n);
          if (n === 1 && total !== undefined) {
            last = Math.ceil(Math.min(total, limit ?? Infinity) / PAGE_SIZE);
            requestAhead(1);
          }
          const more = produk.length > 0 && (total === undefined || n * PAGE_SIZE < total);
          return { records: produk, next: more ? n + 1 : undefined };
        },
        onRecord: (p) => collector.add(() => mapProduk(p as Record<string, unknown>)),
        limit,
        maxPages: MAX_PAGES,
        pace,
      });
      return collector.result(pages, truncated);
    },
  };
}
