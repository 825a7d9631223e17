import type { CanonicalProduct } from '../../schemas/product';
import { isoDay } from '../compliance/destination';
import { CHANGE_LOG_DEFAULTS, type ProductCommit } from './change-log';
import { complianceTransitions, DEFAULT_DESTINATIONS, evaluateDestinations } from './compliance-watch';
import { change, complianceChange } from './detect';
import type { ProductChange } from './event';
import { certificateKey, certificatesOf, type DestinationState, MAX_NOTICED, productState, type StateBounds, type StateRow } from './product-state';

/** Products a sweep asks the catalogue for at once. */
const SWEEP_CHUNK = 64;

/** Products one sweep evaluates at most, unless told otherwise. */
export const DEFAULT_MAX_EVALUATIONS = 1000;

export interface SweepInput {
  connector: string;
  economy: string;
  /** The connector's recorded rows (ChangeLog.state), or those due (recordSweep reads only those). */
  rows: ReadonlyMap<string, StateRow>;
  now: Date;
  /** A certificate is announced when its validUntil comes within this many days. @default 30 (CERT_EXPIRY_NOTICE_DAYS) */
  noticeDays?: number;
  /** @default DEFAULT_DESTINATIONS */
  destinations?: readonly string[];
  /** The product as the catalogue holds it, for evaluating compliance; undefined skips it this time. */
  product: (id: string) => CanonicalProduct | undefined | Promise<CanonicalProduct | undefined>;
  /**
   * Products evaluated at most in one sweep (each is one evaluation per destination, about a
   * millisecond each): those whose validUntil passed first, then first statuses. The rest wait
   * for the next sweep (`deferred`). @default 1000
   */
  maxEvaluations?: number;
  /** The bounds the rows were written with (to recognise the catalogue's product as the recorded one). */
  bounds?: StateBounds;
}

export interface Sweep {
  commits: ProductCommit[];
  /** Products left to evaluate by a later sweep, past `maxEvaluations`. */
  deferred: number;
}

interface Work {
  row: StateRow;
  events: ProductChange[];
  noticed: Set<string>;
  compliance: Record<string, DestinationState> | undefined;
  evaluatedOn: string | undefined;
}

/**
 * The clock's pass over a connector's rows: CERTIFICATE_EXPIRING once per certificate whose
 * validUntil comes within `noticeDays` (remembered in the row, so any number of sweeps writes it
 * once); COMPLIANCE_CHANGED for each followed destination whose status moved because a validUntil
 * passed since the row was last evaluated; and the first status of products that have none yet
 * (a baseline, no event). A product is evaluated only when the catalogue's copy is still the
 * recorded one (otherwise the next harvest records it first).
 */
export async function sweep(input: SweepInput): Promise<Sweep> {
  const { connector, economy, rows, now, noticeDays = CHANGE_LOG_DEFAULTS.certExpiryNoticeDays, destinations = DEFAULT_DESTINATIONS } = input;
  const at = now.toISOString();
  const today = isoDay(now);
  const horizon = isoDay(new Date(now.getTime() + noticeDays * 86_400_000));
  const work = new Map<string, Work>();
  const passed: Work[] = [];
  const unrecorded: Work[] = [];
  for (const row of rows.values()) {
    if (row.removedAt) continue;
    const item: Work = { row, events: [], noticed: new Set(row.noticed ?? []), compliance: row.compliance, evaluatedOn: row.evaluatedOn };
    const context = { connector, economy, at, base: row, productId: row.productId };
    const certs = certificatesOf(row.fields);
    for (const cert of certs) {
      const key = certificateKey(cert);
      if (!cert.validUntil || cert.validUntil < today || cert.validUntil > horizon || item.noticed.has(key)) continue;
      const path = `certifications.${cert.key}.validUntil`;
      const expiring = await change(context, {
        type: 'CERTIFICATE_EXPIRING',
        version: row.version + item.events.length + 1,
        before: row.hash,
        after: row.hash,
        fields: row.fields,
        changes: [{ path, before: cert.validUntil, after: cert.validUntil }],
        aspects: ['CERTIFICATION'],
        detail: key,
      });
      item.events.push(expiring);
      item.noticed.add(key);
    }
    work.set(row.productId, item);
    const since = row.evaluatedOn ?? '';
    if (!row.compliance || destinations.some((d) => !row.compliance![d])) unrecorded.push(item);
    else if (since < today && certs.some((c) => c.validUntil && c.validUntil >= since && c.validUntil < today)) passed.push(item);
  }

  let budget = input.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS;
  const queue = [...passed, ...unrecorded];
  let next = 0;
  while (next < queue.length && budget > 0) {
    // As many products as the budget may still take, asked all at once (a batching reader, the
    // shards', reads them in one go); one that is skipped costs no budget, so none of them is past it.
    const chunk = queue.slice(next, next + Math.min(budget, SWEEP_CHUNK));
    const products = await Promise.all(chunk.map((item) => input.product(item.row.productId)));
    next += chunk.length;
    for (const [k, item] of chunk.entries()) {
      const product = products[k];
      if (!product || productState(product, input.bounds).hash !== item.row.hash) continue;
      budget--;
      const { reports, states } = evaluateDestinations(product, destinations, today);
      const context = { connector, economy, at, base: item.row, productId: item.row.productId };
      for (const transition of complianceTransitions(item.row.compliance, reports, at)) {
        const version = item.row.version + item.events.length + 1;
        item.events.push(await complianceChange(context, { version, hash: item.row.hash, fields: item.row.fields, transition, day: today }));
      }
      item.compliance = states;
      item.evaluatedOn = today;
    }
  }

  const commits: ProductCommit[] = [];
  for (const { row, events, noticed, compliance, evaluatedOn } of work.values()) {
    if (events.length === 0 && evaluatedOn === row.evaluatedOn) continue;
    const notices = [...noticed].slice(-MAX_NOTICED);
    const next: StateRow = { ...row, version: row.version + events.length, ...(notices.length && { noticed: notices }), compliance, evaluatedOn };
    commits.push({ productId: row.productId, baseVersion: row.version, events, row: next });
  }
  return { commits, deferred: queue.length - next };
}
