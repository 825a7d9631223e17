/** URLs one sitemap file may hold (sitemaps.org). */
export const SITEMAP_LIMIT = 50_000;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text escaped for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!);
}

/**
 * The sitemap of every product page (sitemaps.org 0.9), or, past 50,000 products, a sitemap
 * index whose parts are `?part=N`.
 */
export function sitemapXml(options: { origin: string; ids: readonly string[]; part: number | null }): string {
  const { origin, ids } = options;
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const ns = 'http://www.sitemaps.org/schemas/sitemap/0.9';
  if (ids.length > SITEMAP_LIMIT && options.part === null) {
    const parts = Math.ceil(ids.length / SITEMAP_LIMIT);
    const entries = Array.from({ length: parts }, (_, i) => `<sitemap><loc>${escapeXml(`${origin}/sitemap.xml?part=${i + 1}`)}</loc></sitemap>`);
    return `${head}<sitemapindex xmlns="${ns}">\n${entries.join('\n')}\n</sitemapindex>\n`;
  }
  const start = options.part ? (options.part - 1) * SITEMAP_LIMIT : 0;
  const urls = ids.slice(start, start + SITEMAP_LIMIT).map((id) => `<url><loc>${escapeXml(`${origin}/products/${encodeURIComponent(id)}`)}</loc></url>`);
  return `${head}<urlset xmlns="${ns}">\n${urls.join('\n')}\n</urlset>\n`;
}
