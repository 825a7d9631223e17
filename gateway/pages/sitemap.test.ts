import { describe, expect, it } from 'vitest';
import type { CatalogueWalk } from '../federation/catalogue/catalogue-walk';
import { escapeXml, SITEMAP_LIMIT, sitemapBody, sitemapXml } from './sitemap';

/** A walk over a list of ids, `pageSize` a page, that counts the pages read and whether it was closed. */
function walkOf(ids: readonly string[], pageSize: number) {
  const seen = { pages: 0, closed: false };
  let at = 0;
  const walk: CatalogueWalk = {
    async next(visit) {
      if (at >= ids.length) return false;
      seen.pages++;
      for (const id of ids.slice(at, at + pageSize)) visit(id, undefined);
      at += pageSize;
      return true;
    },
    async close() {
      seen.closed = true;
    },
  };
  return { walk, seen };
}

const text = (body: string | ReadableStream<Uint8Array>) => (typeof body === 'string' ? body : new Response(body).text());

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

describe('sitemapBody', () => {
  it('streams exactly what sitemapXml writes, from a walk over the ids, stopping once its part is written', async () => {
    const origin = 'https://g.example';
    for (const count of [0, 1, 3, SITEMAP_LIMIT + 1]) {
      const ids = Array.from({ length: count }, (_, i) => `jp-ovop:P&${i}`);
      for (const part of [null, 1, 2]) {
        const { walk, seen } = walkOf(ids, 997);
        expect(await text(sitemapBody({ origin, total: ids.length, part, walk })), `${count} ${part}`).toBe(sitemapXml({ origin, ids, part }));
        expect(seen.closed).toBe(true);
        if (part === 1 && count > SITEMAP_LIMIT) expect(seen.pages).toBe(Math.ceil(SITEMAP_LIMIT / 997));
      }
    }
  });
});
