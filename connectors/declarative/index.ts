import type { Manifest } from '../../schemas/manifest';
import type { Connector, HarvestOptions } from '../core/connector';
import { parseCsvRecords } from '../core/csv';
import { decodeText } from '../core/decode-text';
import { CatalogueError } from '../core/errors';
import { fetchBytes, parseJson } from '../core/fetch-source';
import { Collector } from '../core/harvest';
import { HARVEST_CAPS } from '../core/harvest-caps';
import { readPages, type ReadPagesOptions } from '../core/paginate';
import { parseXml } from '../core/xml';
import { valueAt } from './dot-path';
import { explainedRecord } from './record-issues';

/** Most pages one harvest reads: a runaway paginator cannot keep a harvest going forever. */
export const MAX_PAGES = 1000;

/**
 * A connector built from a member economy's manifest alone: no code of ours per economy.
 * `inspect` sees each raw record as it is read (a dry run checks which mapped paths the sample holds).
 */
export function createDeclarativeConnector(manifest: Manifest, { inspect }: { inspect?: (record: unknown) => void } = {}): Connector {
  return {
    id: manifest.id,
    economy: manifest.economy,
    programme: manifest.programme,
    name: manifest.name,
    builtin: false,
    defaults: manifest.defaults,
    refresh: manifest.refresh,
    resumable: true,
    async harvest(options) {
      const { resume, onPage } = options;
      const collector = new Collector(this, {
        onProduct: options.onProduct,
        caps: options.caps,
        uniqueDownstream: options.uniqueDownstream,
        ...(resume && { resume: resume.collector }),
      });
      const { pages, truncated } = await readPages<string | undefined>({
        ...pagination(manifest, options),
        ...(resume && { resume: { next: resume.position ?? undefined, pages: resume.pages, bytes: resume.bytes } }),
        ...(onPage && { onPage: ({ next, pages, bytes }) => onPage({ position: next ?? null, pages, bytes, collector: collector.state() }) }),
        onRecord: (record) => (inspect?.(record), collector.add(explainedRecord(manifest, record))),
        limit: options.limit,
        samplePages: options.samplePages,
        maxPages: MAX_PAGES,
        maxBytes: options.caps?.bytes ?? HARVEST_CAPS.bytes,
        stopped: () => collector.stopped,
        pace: options.pace,
      });
      return collector.result(pages, truncated);
    },
  };
}

/** How the manifest's source is paged: where the first page is and how one page is read. */
function pagination(manifest: Manifest, { transport, signal }: HarvestOptions): Pick<ReadPagesOptions<string | undefined>, 'first' | 'fetchPage'> {
  const { source } = manifest;
  const init = { headers: source.headers, ...(signal && { signal }) };
  const fetchPage = async (url: string) => {
    const bytes = await fetchBytes((u, i) => transport(u, { ...i, ...init }), url, signal);
    const body = decodeText(bytes, source.encoding);
    const parsed: unknown = source.format === 'json' ? parseJson(body, 'the catalogue') : source.format === 'xml' ? parseXml(body) : undefined;
    const items = source.format === 'csv' ? parseCsvRecords(body, source.delimiter) : source.items ? valueAt(parsed, source.items) : parsed;
    const list = items === undefined || items === null || items === '' ? [] : Array.isArray(items) ? items : [items];
    if (source.format !== 'csv' && items !== undefined && !Array.isArray(items) && typeof items !== 'object') {
      throw new CatalogueError(`"${source.items}" is not a list of records`);
    }
    return { parsed, list, bytes: bytes.byteLength };
  };
  const { pagination } = source;
  if (pagination.type === 'none') {
    return {
      first: undefined,
      fetchPage: async () => {
        const { list, bytes } = await fetchPage(source.url);
        return { records: list, next: undefined, bytes };
      },
    };
  }
  if (pagination.type === 'page') {
    return {
      first: String(pagination.start),
      fetchPage: async (page) => {
        const url = withParams(source.url, { [pagination.param]: page!, ...(pagination.sizeParam && { [pagination.sizeParam]: String(pagination.size) }) });
        const { list, bytes } = await fetchPage(url);
        return { records: list, next: list.length ? String(Number(page) + 1) : undefined, bytes };
      },
    };
  }
  return {
    first: undefined,
    fetchPage: async (cursor) => {
      const params: Record<string, string> = cursor ? { [pagination.param]: cursor } : {};
      if (pagination.sizeParam && pagination.size) params[pagination.sizeParam] = String(pagination.size);
      const { parsed, list, bytes } = await fetchPage(withParams(source.url, params));
      const next = valueAt(parsed, pagination.next);
      return { records: list, next: next === undefined || next === null || next === '' ? undefined : String(next), bytes };
    },
  };
}

function withParams(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}
