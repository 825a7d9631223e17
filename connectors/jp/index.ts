import { builtinInfo, type Connector } from '../core/connector';
import { parseCsvRecords } from '../core/csv';
import { decodeText } from '../core/decode-text';
import { fetchBytes } from '../core/fetch-source';
import { collect } from '../core/harvest';
import { mapRow } from './map';

export const JP_EXPORT_PATH = '/jp/ovop-oita.csv';

const info = builtinInfo({ id: 'jp-ovop', economy: 'JP', programme: 'OVOP', name: 'Japan OVOP (Oita prefecture)', currency: 'JPY', language: 'ja' });

/** Japan's Oita OVOP catalogue: one CSV export in Shift_JIS with Japanese headers. */
export function createJpConnector(baseUrl: string): Connector {
  return {
    ...info,
    async harvest({ transport, limit, signal, onProduct }) {
      const bytes = await fetchBytes(transport, `${baseUrl}${JP_EXPORT_PATH}`, signal);
      const rows = parseCsvRecords(decodeText(bytes, 'shift_jis')).slice(0, limit);
      return collect(
        info,
        rows.map((row) => () => mapRow(row)),
        1,
        { onProduct },
      );
    },
  };
}
