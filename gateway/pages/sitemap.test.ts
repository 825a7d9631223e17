import { describe, expect, it } from 'vitest';
import { escapeXml, SITEMAP_LIMIT, sitemapXml } from './sitemap';

describe('sitemapXml', () => {
  it('escapes the origin and ids as XML', () => {
    const xml = sitemapXml({ origin: 'https://a.example/?x=1&y="2"', ids: ["jp-ovop:A'<1>"], part: null });
    expect(xml).toContain('<loc>https://a.example/?x=1&amp;y=&quot;2&quot;/products/jp-ovop%3AA&apos;%3C1%3E</loc>');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });

  it('becomes a sitemap index past 50,000 pages, each part within the limit', () => {
    const ids = Array.from({ length: SITEMAP_LIMIT + 1 }, (_, i) => `jp-ovop:P${i}`);
    const index = sitemapXml({ origin: 'https://g.example', ids, part: null });
    expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(index.match(/<sitemap>/g)).toHaveLength(2);
    expect(sitemapXml({ origin: 'https://g.example', ids, part: 1 }).match(/<url>/g)).toHaveLength(SITEMAP_LIMIT);
    expect(sitemapXml({ origin: 'https://g.example', ids, part: 2 }).match(/<url>/g)).toHaveLength(1);
  });
});
