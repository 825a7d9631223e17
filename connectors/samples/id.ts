import { Hono } from 'hono';
import { SAMPLE_FILES, sampleList, type SampleReader } from './samples';
import { ID_API_PATH } from '../id/index';

/**
 * Indonesia's national API as the sample publishes it: `?halaman=N&per_halaman=M` pages of
 * `{ status, data: { produk, halaman, per_halaman, total } }`; a page past the end is empty.
 */
export function idUpstream(read: SampleReader): Hono {
  const load = sampleList(read, SAMPLE_FILES.id, 'produk');
  return new Hono().get(ID_API_PATH, async (c) => {
    const halaman = Number(c.req.query('halaman') ?? 1);
    const perHalaman = Number(c.req.query('per_halaman') ?? 10);
    if (!Number.isInteger(halaman) || halaman < 1 || !Number.isInteger(perHalaman) || perHalaman < 1 || perHalaman > 100) {
      return c.json({ status: 'gagal', pesan: 'parameter halaman tidak sah' }, 400);
    }
    const produk = await load();
    const start = (halaman - 1) * perHalaman;
    return c.json({
      status: 'sukses',
      data: { produk: produk.slice(start, start + perHalaman), halaman, per_halaman: perHalaman, total: produk.length },
    });
  });
}
