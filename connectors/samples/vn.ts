import { Hono } from 'hono';
import { SAMPLE_FILES, sampleList, type SampleReader } from './samples';
import { VN_API_PATH } from '../vn/index';

/**
 * Vietnam's OCOP API as the sample publishes it: `?con_tro=C&gioi_han=N` returns
 * `{ ma_loi: 0, du_lieu: [...], con_tro_tiep }`; the last page has `con_tro_tiep: null`.
 */
export function vnUpstream(read: SampleReader): Hono {
  const load = sampleList(read, SAMPLE_FILES.vn, 'san_pham');
  return new Hono().get(VN_API_PATH, async (c) => {
    const cursor = c.req.query('con_tro');
    const limit = Number(c.req.query('gioi_han') ?? 10);
    const offset = cursor ? Number(/^o(\d+)$/.exec(atob(cursor.replace(/-/g, '+').replace(/_/g, '/')))?.[1] ?? NaN) : 0;
    if (!Number.isInteger(offset) || !Number.isInteger(limit) || limit < 1 || limit > 100) {
      return c.json({ ma_loi: 400, thong_bao: 'Tham số không hợp lệ' }, 400);
    }
    const items = await load();
    const next = offset + limit < items.length ? btoa(`o${offset + limit}`).replace(/={1,2}$/, '') : null;
    return c.json({ ma_loi: 0, du_lieu: items.slice(offset, offset + limit), con_tro_tiep: next });
  });
}
