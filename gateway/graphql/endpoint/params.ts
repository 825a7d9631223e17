/** The GraphQL-over-HTTP parameters of a request body, as yoga takes them. */
export interface GraphQLParams {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

/** Longest query text taken as parameters (yoga's token limit refuses far shorter ones). */
const MAX_QUERY = 256 * 1024;

/**
 * The body's parameters when they are well formed (a query text, an operation name, variables and
 * extensions as objects), else undefined: what the response cache keys on and direct execution
 * runs. Other keys are left in place, for whoever must refuse them.
 */
export function graphqlParams(raw: unknown): GraphQLParams | undefined {
  if (!isRecord(raw)) return undefined;
  const { query, operationName, variables, extensions } = raw;
  const wellFormed =
    typeof query === 'string' &&
    query.length <= MAX_QUERY &&
    (operationName == null || typeof operationName === 'string') &&
    (variables == null || isRecord(variables)) &&
    (extensions == null || isRecord(extensions));
  return wellFormed ? (raw as unknown as GraphQLParams) : undefined;
}

const operationKeys = new WeakMap<GraphQLParams, string>();

/**
 * `operationName` and the query text, as one string: what names an operation in the memos keyed
 * by it (response cache decisions, prepared documents). Made once per parameters object, so that
 * a request's look-ups hash one string once, not a new concatenation of its query text each.
 */
export function operationKey(params: GraphQLParams): string {
  let key = operationKeys.get(params);
  if (key === undefined) operationKeys.set(params, (key = `${params.operationName ?? ''}\n${params.query}`));
  return key;
}

/** A JSON object: not an array, not null. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A body's JSON value; undefined when it is no JSON (yoga answers that). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
