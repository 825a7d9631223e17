import { LISTED_DESTINATIONS, RULES } from '../../schemas/compliance/rules';
import type { CanonicalProduct } from '../../schemas/product';
import { type CheckStatus, type ComplianceReport, evaluateCompliance } from '../compliance/evaluate';
import type { ComplianceTransition } from './event';
import type { DestinationState } from './product-state';

/** The destinations whose status the log follows unless told otherwise: those with rules of their own. */
export const DEFAULT_DESTINATIONS: readonly string[] = LISTED_DESTINATIONS;
/**
 * The top-level fields the compliance evaluator reads: those its code reads, and those its rules
 * name. A change to none of them (a price, an image, a rating) cannot move a status, so it is not
 * evaluated again: the evaluator costs about a millisecond a destination.
 */
export const COMPLIANCE_FIELDS: ReadonlySet<string> = new Set([
  'category',
  'hsCode',
  'name',
  'ingredients',
  'origin',
  'certifications',
  'labelLanguages',
  'netContent',
  'allergens',
  ...RULES.flatMap((r) => ('field' in r.test ? [r.test.field.split('.')[0]!] : [])),
]);

/** True when a change to these paths may move a compliance status. */
export function touchesCompliance(paths: Iterable<string>): boolean {
  for (const path of paths) if (COMPLIANCE_FIELDS.has(path.split('.', 1)[0]!)) return true;
  return false;
}

/** The most failing checks a row keeps per destination. */
const MAX_FAILING = 32;
const FAILING = new Set<CheckStatus>(['WARN', 'MISSING', 'EXPIRED']);

/** A product's reports for each destination on `today`, and the states a row keeps of them. */
export function evaluateDestinations(
  product: CanonicalProduct,
  destinations: readonly string[],
  today: string,
): { reports: ComplianceReport[]; states: Record<string, DestinationState> } {
  const reports = destinations.map((d) => evaluateCompliance(product, d, today, ['en']));
  const states: Record<string, DestinationState> = {};
  for (const r of reports) {
    const failing: Record<string, CheckStatus> = {};
    for (const c of r.checks.filter((c) => FAILING.has(c.status)).slice(0, MAX_FAILING)) failing[c.code] = c.status;
    states[r.destination] = { status: r.status, failing };
  }
  return { reports, states };
}

/**
 * The destinations whose status changed since the recorded states, each naming the checks whose
 * outcome changed (a check counts as failing when it WARNs, is MISSING or EXPIRED). A destination
 * with no recorded state is a baseline, not a transition: the CREATED event stands for it.
 */
export function complianceTransitions(
  recorded: Record<string, DestinationState> | undefined,
  reports: readonly ComplianceReport[],
  effectiveAt: string,
): ComplianceTransition[] {
  const transitions: ComplianceTransition[] = [];
  for (const report of reports) {
    const before = recorded?.[report.destination];
    if (!before || before.status === report.status) continue;
    const outcome = (status: CheckStatus) => (FAILING.has(status) ? status : 'OK');
    const checks = report.checks.filter((c) => outcome(c.status) !== (before.failing[c.code] ?? 'OK'));
    transitions.push({ destination: report.destination, from: before.status, to: report.status, checks, effectiveAt });
  }
  return transitions;
}
