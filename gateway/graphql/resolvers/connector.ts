import { authenticate, type Caller } from '../../auth/caller';
import { gatewayError } from '../../errors';
import type { ConnectorView } from '../../federation/federation';
import type { HarvestReport as Report } from '../../federation/harvest-report';
import type { GatewayContext } from '../context';

/** Harvest reports a query may ask for at once (the store keeps 20 per connector). */
const MAX_REPORTS = 20;
/** Issues one report field may list at once. */
const MAX_ISSUES = 100;

/** A harvest report as the API resolves it: with the economy whose key may read its issues. */
type ReportRef = Report & { economy: string };

/** Who called, once per request: a caller that is neither the operator nor an economy is `undefined`. */
const callers = new WeakMap<Request, Promise<Caller | undefined>>();
function callerOf(ctx: GatewayContext): Promise<Caller | undefined> {
  let caller = callers.get(ctx.request);
  if (!caller) {
    caller = authenticate(ctx.request, ctx.adminToken, ctx.keys).catch(() => undefined);
    callers.set(ctx.request, caller);
  }
  return caller;
}

function clamp(value: number | null | undefined, fallback: number, max: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > max) throw gatewayError('BAD_USER_INPUT', `${name} must be between 0 and ${max}, not ${n}`);
  return n;
}

export const Connector = {
  lastHarvest: async (view: ConnectorView, _: unknown, ctx: GatewayContext): Promise<ReportRef | null> => {
    const [report] = await ctx.federation.harvests(view.id, 1);
    return report ? Object.assign({}, report, { economy: view.economy }) : null;
  },
  harvests: async (view: ConnectorView, args: { last?: number | null }, ctx: GatewayContext): Promise<ReportRef[]> => {
    const last = clamp(args.last, 10, MAX_REPORTS, 'last');
    return (await ctx.federation.harvests(view.id, last)).map((r) => Object.assign({}, r, { economy: view.economy }));
  },
};

export const HarvestReport = {
  /** A report kept before harvests could be resumed ran in one invocation. */
  invocations: (report: ReportRef) => report.invocations ?? 1,
  resumedPages: (report: ReportRef) => report.resumedPages ?? 0,
  /** The counts are public; the issues name records and values, for the connector's economy and the operator only. */
  issues: async (report: ReportRef, args: { first?: number | null }, ctx: GatewayContext) => {
    const first = clamp(args.first, 50, MAX_ISSUES, 'first');
    const caller = await callerOf(ctx);
    if (!caller || (caller.kind === 'economy' && caller.economy !== report.economy)) {
      throw gatewayError('FORBIDDEN', `a harvest's issues are shown to ${report.economy}'s economy key and the operator only`);
    }
    return report.issues.slice(0, first);
  },
};

/** An issue without a severity (a report kept before severities) is an ERROR. */
export const ConformanceIssue = {
  severity: (issue: { severity?: string }) => issue.severity ?? 'ERROR',
};
