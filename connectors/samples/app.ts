import { Hono } from 'hono';
import { idUpstream } from './id';
import { jpUpstream } from './jp';
import { myUpstream } from './my';
import { vnUpstream } from './vn';
import { faultControl, injectFaults, type FaultState } from './faults';
import type { SampleReader } from './samples';

/**
 * The four national catalogue servers, each in its own national format, as one app: served over
 * HTTP by `npm run upstreams`, and called in-process when the gateway reads the bundled samples.
 */
export function createUpstreamsApp(read: SampleReader, options: { faults?: FaultState; control?: boolean } = {}): Hono {
  const app = new Hono();
  if (options.faults) app.use('*', injectFaults(options.faults));
  if (options.faults && options.control) app.route('/', faultControl(options.faults));
  return app
    .get('/', (c) =>
      c.json({
        catalogues: {
          jp: '/jp/ovop-oita.csv (CSV, Shift_JIS)',
          id: '/id/api/v1/produk?halaman=1&per_halaman=20 (JSON, pages)',
          my: '/my/katalog.xml (XML)',
          vn: '/vn/api/san-pham?gioi_han=20 (JSON, cursor)',
        },
      }),
    )
    .route('/', jpUpstream(read))
    .route('/', idUpstream(read))
    .route('/', myUpstream(read))
    .route('/', vnUpstream(read));
}
