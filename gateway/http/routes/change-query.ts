import { CHANGE_ASPECTS, type ChangeAspect, changeTypeFromName, type ProductChange, type ProductChangeType } from '../../changes/event';
import { type ChangeFilter, ChangeFilterInput } from '../../changes/filter';

/** What `/changes` (and the stream, which takes the same filters) reads from its query string. */
export interface ChangeQuery {
  after: string | null;
  limit: number;
  filter: ChangeFilter;
  /** Destinations named more than once: the filter takes one, so compliance changes of the others are dropped after reading. */
  destinations: readonly string[];
}

/** A query string's values that are not acceptable: answered 400 BAD_USER_INPUT. */
export class ChangeQueryError extends Error {
  override readonly name = 'ChangeQueryError';
}

/** Longest cursor taken (a cursor names each economy's position: a few hundred bytes). */
const MAX_CURSOR_LENGTH = 4096;
/** Values one parameter may repeat. */
const MAX_VALUES = 100;

/**
 * Reads `after`, `limit` (1 to 500, default 100), `economy`, `connector`, `type` (enum names or
 * CloudEvents types), `aspect` and `destination` (each may repeat) from a request's URL, as
 * docs/contract.md's `/changes` row says; throws ChangeQueryError for anything else.
 */
export function parseChangeQuery(url: URL, { defaultLimit = 100 }: { defaultLimit?: number } = {}): ChangeQuery {
  const params = url.searchParams;
  const all = (name: string) => {
    const values = params.getAll(name).filter((v) => v !== '');
    if (values.length > MAX_VALUES) throw new ChangeQueryError(`at most ${MAX_VALUES} values of ${name}`);
    return values;
  };
  const after = params.get('after') || null;
  if (after && after.length > MAX_CURSOR_LENGTH) throw new ChangeQueryError('not a change cursor: too long');
  const limitText = params.get('limit');
  const limit = limitText === null || limitText === '' ? defaultLimit : /^\d{1,3}$/.test(limitText) ? Number(limitText) : Number.NaN;
  if (!(limit >= 1 && limit <= 500)) throw new ChangeQueryError('limit is an integer from 1 to 500');
  const types = all('type').map((name) => {
    const type = changeTypeFromName(name);
    if (!type) throw new ChangeQueryError(`unknown change type ${JSON.stringify(name.slice(0, 64))}`);
    return type;
  });
  const aspects = all('aspect').map((name) => {
    if (!(CHANGE_ASPECTS as readonly string[]).includes(name)) throw new ChangeQueryError(`unknown aspect ${JSON.stringify(name.slice(0, 64))}`);
    return name as ChangeAspect;
  });
  const destinations = [...new Set(all('destination').map((d) => d.toUpperCase()))];
  const parsed = ChangeFilterInput.safeParse({
    economies: all('economy'),
    connectors: all('connector'),
    types,
    aspects,
    destination: destinations.length === 1 ? destinations[0] : null,
  });
  if (!parsed.success) throw new ChangeQueryError(`bad filter: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  for (const d of destinations) if (!/^[A-Z]{2}$/.test(d)) throw new ChangeQueryError(`destination is an economy code, not ${JSON.stringify(d.slice(0, 64))}`);
  return { after, limit, filter: parsed.data as ChangeFilter & { types?: ProductChangeType[] }, destinations: destinations.length > 1 ? destinations : [] };
}

/** True when a change passes the destinations a query named more than once (compliance changes of others are left out). */
export function matchesDestinations(change: ProductChange, destinations: readonly string[]): boolean {
  return destinations.length === 0 || !change.compliance || destinations.includes(change.compliance.destination);
}
