import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { generateCatalogue, SYNTHETIC_ECONOMIES } from './generate';

/**
 * `tsx bench/synthetic/upstream.ts <port> <total>`: six synthetic national APIs, paged by `page`.
 * `POST /__control/change?count=N` raises the price of N products spread evenly over the six (a
 * re-harvest then finds exactly N changed), and answers the ids' local parts it changed.
 */
const [port, total] = process.argv.slice(2).map(Number);
const perEconomy = Math.ceil(total! / SYNTHETIC_ECONOMIES.length);
const catalogues = new Map(SYNTHETIC_ECONOMIES.map((e, i) => [e.economy.toLowerCase(), generateCatalogue(i, perEconomy)]));
const app = new Hono()
  .get('/', (c) => c.json({ economies: [...catalogues.keys()], perEconomy }))
  .post('/__control/change', (c) => {
    const count = Number(c.req.query('count') ?? 0);
    const lists = [...catalogues];
    const changed: string[] = [];
    lists.forEach(([economy, items], e) => {
      const share = Math.floor(count / lists.length) + (e < count % lists.length ? 1 : 0);
      const step = Math.max(1, Math.floor(items.length / Math.max(1, share)));
      for (let k = 0; k < share && k * step < items.length; k++) {
        const item = items[k * step]!;
        const price = item.price as number;
        // Whole pesos stay whole; other prices move by one unit, kept to two decimals.
        item.price = economy === 'cl' ? price + 1000 : Math.round((price + 1) * 100) / 100;
        changed.push(item.sku as string);
      }
    });
    return c.json({ changed });
  })
  .get('/:economy/items', (c) => {
    const items = catalogues.get(c.req.param('economy')) ?? [];
    const page = Number(c.req.query('page') ?? 1);
    const size = Number(c.req.query('size') ?? 100);
    return c.json({ items: items.slice((page - 1) * size, page * size) });
  });
serve({ fetch: app.fetch, port: port!, hostname: '127.0.0.1' });
