import type { CatalogueWalk } from '../federation/catalogue/catalogue-walk';

/** URLs one sitemap file may hold (sitemaps.org). */
export const SITEMAP_LIMIT = 50_000;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** Text escaped for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!);
}

/** One product page's entry. */
const urlOf = (origin: string, id: string) => `<url><loc>${escapeXml(`${origin}/products/${encodeURIComponent(id)}`)}</loc></url>`;

/** The sitemap index of a catalogue of `total` products, past 50,000: its parts are `?part=N`. */
function sitemapIndexXml(origin: string, total: number): string {
  const parts = Math.ceil(total / SITEMAP_LIMIT);
  const entries = Array.from({ length: parts }, (_, i) => `<sitemap><loc>${escapeXml(`${origin}/sitemap.xml?part=${i + 1}`)}</loc></sitemap>`);
  return `${HEAD}<sitemapindex xmlns="${NS}">\n${entries.join('\n')}\n</sitemapindex>\n`;
}

/**
 * The sitemap of every product page (sitemaps.org 0.9), or, past 50,000 products, a sitemap
 * index whose parts are `?part=N`.
 */
export function sitemapXml(options: { origin: string; ids: readonly string[]; part: number | null }): string {
  const { origin, ids } = options;
  if (ids.length > SITEMAP_LIMIT && options.part === null) return sitemapIndexXml(origin, ids.length);
  const start = options.part ? (options.part - 1) * SITEMAP_LIMIT : 0;
  const urls = ids.slice(start, start + SITEMAP_LIMIT).map((id) => urlOf(origin, id));
  return `${HEAD}<urlset xmlns="${NS}">\n${urls.join('\n')}\n</urlset>\n`;
}

const encoder = new TextEncoder();

/**
 * What `sitemapXml` answers, from a walk over the catalogue's ids (`Federation.walk`, no records)
 * instead of every id at once: the sitemap index as text, or the part's URLs streamed a page of the
 * walk at a time (ids before the part are walked past, never held), so that a catalogue the shards
 * hold is listed without any isolate holding its ids.
 */
export function sitemapBody(options: { origin: string; total: number; part: number | null; walk: CatalogueWalk }): string | ReadableStream<Uint8Array> {
  const { origin, total, walk } = options;
  if (total > SITEMAP_LIMIT && options.part === null) {
    void walk.close();
    return sitemapIndexXml(origin, total);
  }
  const start = options.part ? (options.part - 1) * SITEMAP_LIMIT : 0;
  const end = start + SITEMAP_LIMIT;
  let seen = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          return controller.enqueue(encoder.encode(`${HEAD}<urlset xmlns="${NS}">\n`));
        }
        // Pages before the part are walked past: a pull ends with text, or the end (a pull that enqueues nothing is not called again).
        let text = '';
        while (!text) {
          const more =
            seen < end &&
            (await walk.next((id) => {
              if (seen >= start && seen < end) text += `${seen > start ? '\n' : ''}${urlOf(origin, id)}`;
              seen++;
            }));
          if (!more) {
            await walk.close();
            controller.enqueue(encoder.encode(`${text}\n</urlset>\n`));
            controller.close();
            return;
          }
        }
        controller.enqueue(encoder.encode(text));
      },
      cancel: () => walk.close(),
    },
    { highWaterMark: 0 },
  );
}
