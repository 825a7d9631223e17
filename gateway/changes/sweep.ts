import type { CanonicalProduct } from '../../schemas/product';
import { isoDay } from '../compliance/destination';
import { CHANGE_LOG_DEFAULTS, type ProductCommit } from './change-log';
import { complianceTransitions, DEFAULT_DESTINATIONS, evaluateDestinations } from './compliance-watch';
import { change, complianceChange } from './detect';
import type { ProductChange } from './event';
import { certificateKey, certificatesOf, MAX_NOTICED, productState, type StateBounds, type StateRow } from './product-state';

export interface SweepInput {
  connector: string;
  economy: string;
  /** The connector's recorded rows (ChangeLog.state). */
  rows: ReadonlyMap<string, StateRow>;
  now: Date;
  /** A certificate is announced when its validUntil comes within this many days. @default 30 */
  noticeDays?: number;
  /** @default DEFAULT_DESTINATIONS */
  destinations?: readonly string[];
  /** The product as the catalogue holds it, for re-evaluating compliance; undefined skips it this time. */
  product: (id: string) => CanonicalProduct | undefined | Promise<CanonicalProduct | undefined>;
  /** The bounds the rows were written with (to recognise the catalogue's product as the recorded one). */
  bounds?: StateBounds;
}

/**
 * The clock's pass over a connector's rows: CERTIFICATE_EXPIRING once per certificate whose
 * validUntil comes within `noticeDays` (remembered in the row, so any number of sweeps writes it
 * once), and COMPLIANCE_CHANGED for each followed destination whose status moved because a
 * validUntil passed since the row was last evaluated. Only rows with a certificate in play are
 * looked at again, and only when the catalogue's product is still the recorded one (otherwise the
 * next harvest records it first).
 */
export async function sweep(input: SweepInput): Promise<ProductCommit[]> {
  const { connector, economy, rows, now, noticeDays = CHANGE_LOG_DEFAULTS.certExpiryNoticeDays, destinations = DEFAULT_DESTINATIONS } = input;
  const at = now.toISOString();
  const today = isoDay(now);
  const horizon = isoDay(new Date(now.getTime() + noticeDays * 86_400_000));
  const commits: ProductCommit[] = [];
  for (const row of rows.values()) {
    if (row.removedAt) continue;
    const certs = certificatesOf(row.fields);
    const noticed = new Set(row.noticed ?? []);
    const events: ProductChange[] = [];
    const context = { connector, economy, at, base: row, productId: row.productId };
    for (const cert of certs) {
      const key = certificateKey(cert);
      if (!cert.validUntil || cert.validUntil < today || cert.validUntil > horizon || noticed.has(key)) continue;
      const path = `certifications.${cert.key}.validUntil`;
      const expiring = await change(context, {
        type: 'CERTIFICATE_EXPIRING',
        version: row.version + events.length + 1,
        before: row.hash,
        after: row.hash,
        fields: row.fields,
        changes: [{ path, before: cert.validUntil, after: cert.validUntil }],
        aspects: ['CERTIFICATION'],
        detail: key,
      });
      events.push(expiring);
      noticed.add(key);
    }
    const since = row.evaluatedOn ?? '0000-00-00';
    const untracked = destinations.some((d) => !row.compliance?.[d]);
    const passed = certs.some((c) => c.validUntil && c.validUntil >= since && c.validUntil < today);
    let compliance = row.compliance;
    let evaluatedOn = row.evaluatedOn;
    if ((passed || untracked) && since < today) {
      const product = await input.product(row.productId);
      if (product && (await productState(product, input.bounds)).hash === row.hash) {
        const { reports, states } = evaluateDestinations(product, destinations, today);
        for (const transition of complianceTransitions(row.compliance, reports, at)) {
          const version = row.version + events.length + 1;
          events.push(await complianceChange(context, { version, hash: row.hash, fields: row.fields, transition, day: today }));
        }
        compliance = states;
        evaluatedOn = today;
      }
    }
    if (events.length === 0 && evaluatedOn === row.evaluatedOn) continue;
    const notices = [...noticed].slice(-MAX_NOTICED);
    const next: StateRow = { ...row, version: row.version + events.length, ...(notices.length && { noticed: notices }), compliance, evaluatedOn };
    commits.push({ productId: row.productId, baseVersion: row.version, events, row: next });
  }
  return commits;
}
