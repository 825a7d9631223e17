import { builtinInfo, type Connector } from '../core/connector';
import { decodeText } from '../core/decode-text';
import { CatalogueError } from '../core/errors';
import { fetchBytes } from '../core/fetch-source';
import { collect } from '../core/harvest';
import { parseXml } from '../core/xml';
import { mapProduk } from './map';

export const MY_FEED_PATH = '/my/katalog.xml';

const info = builtinInfo({
  id: 'my-ovop',
  economy: 'MY',
  programme: 'OVOP',
  name: 'Malaysia OVOP / Satu Daerah Satu Industri',
  currency: 'MYR',
  language: 'ms',
});

const REPEATED = ['produk', 'nama', 'keterangan', 'kisah', 'ramuan', 'alergen', 'gambar', 'pensijilan'];

/** Malaysia's SDSI catalogue: one XML feed in Malay and English. */
export function createMyConnector(baseUrl: string): Connector {
  return {
    ...info,
    async harvest({ transport, limit, signal, onProduct }) {
      const bytes = await fetchBytes(transport, `${baseUrl}${MY_FEED_PATH}`, signal);
      const doc = parseXml(decodeText(bytes, 'utf-8'), REPEATED);
      const katalog = doc.katalog as { produk?: Array<Record<string, unknown>> } | undefined;
      if (!katalog) throw new CatalogueError('the feed has no <katalog> root');
      const produk = (katalog.produk ?? []).slice(0, limit);
      return collect(
        info,
        produk.map((p) => () => mapProduk(p)),
        1,
        { onProduct },
      );
    },
  };
}
