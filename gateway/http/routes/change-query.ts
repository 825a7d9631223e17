import type { Context } from 'hono';
import type { ChangeFilter } from '../../changes/filter';
import { ChangeFilterInput } from '../../changes/filter';
import { changeTypeFromName } from '../../changes/event';
import { respond, type Timings } from '../middleware/request-context';

/** A query that is not a change filter: the route answers 400 with this message. */
export class ChangeQueryError extends Error {
  override readonly name = 'ChangeQueryError';
}

/** Query parameters and the ChangeFilter list each fills (each may repeat). */
const LISTS = {
  economy: 'economies',
  connector: 'connectors',
  category: 'categories',
  certification: 'certifications',
  aspect: 'aspects',
  productId: 'productIds',
} as const;

/**
 * The ChangeFilter of an HTTP reader's query (docs/contract.md, "Reading by HTTP"): `economy`,
 * `connector`, `category`, `certification`, `type` (enum names or CloudEvents types), `aspect`,
 * `productId`, each repeatable, and `destination`; checked by ChangeFilterInput's bounds. Null when
 * the query names none. Throws ChangeQueryError for a value the filter does not take.
 */
export function changeFilterFromQuery(url: URL): ChangeFilter | null {
  const params = url.searchParams;
  const input: Record<string, unknown> = {};
  for (const [param, field] of Object.entries(LISTS)) {
    const values = params.getAll(param);
    if (values.length > 0) input[field] = values;
  }
  const types = params.getAll('type');
  if (types.length > 0) {
    input.types = types.map((name) => {
      const type = changeTypeFromName(name);
      if (!type) throw new ChangeQueryError(`type: ${JSON.stringify(name.slice(0, 64))} is not a change type`);
      return type;
    });
  }
  const destination = params.get('destination');
  if (destination !== null) input.destination = destination;
  if (Object.keys(input).length === 0) return null;
  const parsed = ChangeFilterInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChangeQueryError(`${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** An `{ error: { code, message } }` answer with a code the shared list may not name yet (CURSOR_EXPIRED, UNAVAILABLE). */
export function problem(c: Context, timings: Timings, status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return respond(c, timings, JSON.stringify({ error: { code, message } }), status, { 'content-type': 'application/json; charset=utf-8', ...headers });
}
