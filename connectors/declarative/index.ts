import type { Manifest } from '../../schemas/manifest';
import type { Connector, HarvestOptions } from '../core/connector';
import { parseCsvRecords } from '../core/csv';
import { decodeText } from '../core/decode-text';
import { CatalogueError } from '../core/errors';
import { fetchBytes, parseJson } from '../core/fetch-source';
import { Collector } from '../core/harvest';
import { parseXml } from '../core/xml';
import { valueAt } from './dot-path';
import { mapByManifest } from './map';

/** Most pages one harvest reads: a runaway paginator cannot keep a harvest going forever. */
export const MAX_PAGES = 1000;

/** A connector built from a member economy's manifest alone: no code of ours per economy. */
export function createDeclarativeConnector(manifest: Manifest): Connector {
  return {
    id: manifest.id,
    economy: manifest.economy,
    programme: manifest.programme,
    name: manifest.name,
    builtin: false,
    defaults: manifest.defaults,
    refresh: manifest.refresh,
    async harvest(options) {
      const limit = options.limit ?? Infinity;
      const collector = new Collector(this);
      let pages = 0;
      for await (const page of pagesOf(manifest, options)) {
        pages++;
        for (const record of page) {
          if (collector.size >= limit) break;
          collector.add(mapByManifest(manifest, record));
        }
        if (collector.size >= limit) break;
      }
      return collector.result(pages);
    },
  };
}

/** The source's pages of records, following the manifest's pagination. */
async function* pagesOf(manifest: Manifest, { transport, signal }: HarvestOptions): AsyncGenerator<unknown[]> {
  const { source } = manifest;
  const init = { headers: source.headers, ...(signal && { signal }) };
  const fetchPage = async (url: string) => {
    const body = decodeText(await fetchBytes((u, i) => transport(u, { ...i, ...init }), url, signal), source.encoding);
    const parsed: unknown =
      source.format === 'json' ? parseJson(body, 'the catalogue') : source.format === 'xml' ? parseXml(body) : undefined;
    const items = source.format === 'csv' ? parseCsvRecords(body, source.delimiter) : source.items ? valueAt(parsed, source.items) : parsed;
    const list = items === undefined || items === null || items === '' ? [] : Array.isArray(items) ? items : [items];
    if (source.format !== 'csv' && items !== undefined && !Array.isArray(items) && typeof items !== 'object') {
      throw new CatalogueError(`"${source.items}" is not a list of records`);
    }
    return { parsed, list };
  };
  const { pagination } = source;
  if (pagination.type === 'none') {
    yield (await fetchPage(source.url)).list;
    return;
  }
  if (pagination.type === 'page') {
    for (let page = pagination.start; page < pagination.start + MAX_PAGES; page++) {
      const url = withParams(source.url, { [pagination.param]: String(page), ...(pagination.sizeParam && { [pagination.sizeParam]: String(pagination.size) }) });
      const { list } = await fetchPage(url);
      if (list.length === 0) return;
      yield list;
    }
    throw new CatalogueError(`more than ${MAX_PAGES} pages`);
  }
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const params: Record<string, string> = cursor ? { [pagination.param]: cursor } : {};
    if (pagination.sizeParam && pagination.size) params[pagination.sizeParam] = String(pagination.size);
    const { parsed, list } = await fetchPage(withParams(source.url, params));
    yield list;
    const next = valueAt(parsed, pagination.next);
    if (next === undefined || next === null || next === '') return;
    cursor = String(next);
    if (seen.has(cursor)) throw new CatalogueError('a pagination cursor came back twice');
    seen.add(cursor);
  }
  throw new CatalogueError(`more than ${MAX_PAGES} pages`);
}

function withParams(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
