import { CursorExpiredError, InvalidCursorError } from '../../changes/errors';
import { type ChangeFilter, ChangeFilterInput } from '../../changes/filter';
import { badInput, gatewayError } from '../../errors';
import type { GatewayContext } from '../context';

/** Most changes one page of productChanges holds (docs/contract.md). */
export const MAX_CHANGES_PAGE = 500;
/** Longest cursor taken: a cursor names each economy's position, a few hundred bytes. */
const MAX_CURSOR_LENGTH = 4096;

type ChangesArgs = { after?: string | null; first?: number | null; filter?: Record<string, unknown> | null };

/** The change feed's root fields: `productChanges` (a Relay connection over the log) and `changeFeed`. */
export const changeQueries = {
  async productChanges(_: unknown, args: ChangesArgs, ctx: GatewayContext) {
    const first = args.first ?? 100;
    if (!Number.isInteger(first) || first < 1 || first > MAX_CHANGES_PAGE) throw badInput(`first is from 1 to ${MAX_CHANGES_PAGE}, not ${first}`);
    if (args.after && args.after.length > MAX_CURSOR_LENGTH) throw badInput('not a change cursor: too long');
    const filter = changeFilter(args.filter);
    try {
      const page = await ctx.changes.read({ after: args.after ?? null, limit: first, filter });
      const edges = page.entries.map((e) => ({ cursor: e.cursor, node: { ...e.change, cursor: e.cursor } }));
      return {
        edges,
        pageInfo: {
          hasNextPage: page.hasMore,
          // Where to resume, even after an empty page: the entries read and left out by the filter are behind it.
          endCursor: page.next,
          hasPreviousPage: Boolean(args.after),
          startCursor: edges[0]?.cursor ?? null,
        },
      };
    } catch (error) {
      throw changeLogError(error);
    }
  },

  async changeFeed(_: unknown, __: unknown, ctx: GatewayContext) {
    const [headCursor, oldestCursor] = await Promise.all([ctx.changes.head(), ctx.changes.oldest()]);
    return { headCursor, oldestCursor, retentionSeconds: ctx.changes.retentionSeconds };
  },
};

/** The filter a client sent, checked and bounded (at most 100 entries a list). */
export function changeFilter(input: Record<string, unknown> | null | undefined): ChangeFilter | null {
  if (!input) return null;
  const parsed = ChangeFilterInput.safeParse(input);
  if (!parsed.success) throw badInput(`bad change filter: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data as ChangeFilter;
}

/** The log's refusals as the contract's codes: CURSOR_EXPIRED past the retention, BAD_USER_INPUT for a cursor never issued. */
export function changeLogError(error: unknown): unknown {
  if (error instanceof CursorExpiredError) return gatewayError('CURSOR_EXPIRED', error.message);
  if (error instanceof InvalidCursorError) return badInput(error.message);
  return error;
}
