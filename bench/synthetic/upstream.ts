import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { generateCatalogue, SYNTHETIC_ECONOMIES } from './generate';

/** `tsx bench/synthetic/upstream.ts <port> <total>`: six synthetic national APIs, paged by `page`. */
const [port, total] = process.argv.slice(2).map(Number);
const perEconomy = Math.ceil(total! / SYNTHETIC_ECONOMIES.length);
const catalogues = new Map(SYNTHETIC_ECONOMIES.map((e, i) => [e.economy.toLowerCase(), generateCatalogue(i, perEconomy)]));
const app = new Hono()
  .get('/', (c) => c.json({ economies: [...catalogues.keys()], perEconomy }))
  .get('/:economy/items', (c) => {
    const items = catalogues.get(c.req.param('economy')) ?? [];
    const page = Number(c.req.query('page') ?? 1);
    const size = Number(c.req.query('size') ?? 100);
    return c.json({ items: items.slice((page - 1) * size, page * size) });
  });
serve({ fetch: app.fetch, port: port!, hostname: '127.0.0.1' });
