import { normalizedExecutor } from '@graphql-tools/executor';
import { getOperationAST, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { DirectFallbackReason } from '../../observability/metrics';
import type { RequestRecord } from '../../observability/request-record';
import { BoundedMap } from '../../collections/bounded-map';
import { PARSED_BYTES_PER_CHAR } from '../../collections/rough-bytes';
import { checkQueryLimits, QUERY_LIMITS, type QueryLimits } from '../../limits/query-limits';
import type { Tracer } from '../../observability/tracer';
import type { ContextOptions, GatewayContext } from '../context';
import { type GraphQLParams, graphqlParams, operationKey } from '../endpoint/params';
import { traceOperation } from '../plugins/use-operation-tracing';
import type { FragmentMemo } from './fragment-memo';
import { compileQuery, type QueryPlan } from './query-plan';
import { type CachedAnswer, type ResponseCache, selectsAny } from '../plugins/use-response-cache';

export interface DirectExecutionOptions {
  schema: GraphQLSchema;
  /** The per-request context, as yoga's context factory builds it. */
  context: (options: ContextOptions) => GatewayContext;
  tracer: Tracer;
  /** Whether the operation's span is current while it runs (see traceOperation). */
  propagate: () => boolean;
  /** Where fresh answers are kept, as yoga's response cache plugin keeps them. */
  cache?: ResponseCache;
  limits?: QueryLimits;
  /** Where answers of pure selections (product cards) are kept across requests; none when not given. */
  memo?: FragmentMemo;
  /** Told each time a request is handed to yoga, and why (ovop_direct_fallback_total). */
  onFallback?: (reason: DirectFallbackReason) => void;
}

/** A request the HTTP layer has read: its JSON body object and what the answer depends on. */
export interface DirectRequest {
  params: Record<string, unknown>;
  request: Request;
  requestId: string;
  /** The Accept header ('' when absent). */
  accept: string;
  /** The Accept-Language header (null when absent), read the runtime's cheap way. */
  acceptLanguage: string | null;
  record?: RequestRecord;
  /** The response cache's key for this body and these headers (none: not to be kept). */
  cacheKey?: string;
}

/** An answer of the direct path: the bytes yoga would have sent, and the cache's verdict. */
export interface DirectAnswer {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  cache?: 'hit' | 'miss';
}

/** Query texts remembered (with their parsed documents). */
const MAX_PREPARED = 1000;
/** Bytes of prepared queries held: a document and its plan, estimated from the query text. */
const MAX_PREPARED_BYTES = 64 * 1024 * 1024;
/** A parsed document per character of its text, and its plan taken as large again. */
const preparedBytes = (_: Prepared, key: string) => 2 * PARSED_BYTES_PER_CHAR * key.length;
/** Longest query text remembered: yoga's document cache keeps no longer ones either. */
const MAX_PREPARED_TEXT = 16 * 1024;
/** The GraphQL-over-HTTP parameters yoga accepts in a body; any other key is refused by yoga. */
const PARAMETERS = new Set(['query', 'variables', 'operationName', 'extensions']);

const encoder = new TextEncoder();

/**
 * Runs a query yoga has already accepted once (parsed, within the limits, validated) again without
 * yoga's request pipeline, whose promises, Web streams, context extensions and hooks cost several
 * times the execution of a portal page on the long tail of distinct variables. It answers only what
 * it can answer exactly as yoga does: a well-formed POST body of a remembered query text, a `data`
 * result with no error, in the media type yoga would choose. Anything else (errors, a connector
 * down, an unusual Accept) returns undefined and yoga answers, as it always has. Both runtimes run it.
 */
export class DirectExecution {
  readonly #options: DirectExecutionOptions;
  readonly #limits: QueryLimits;
  /** Operation name and query text → yoga's parsed and validated document of a query, and its plan. */
  readonly #prepared = new BoundedMap<string, Prepared>({ maxEntries: MAX_PREPARED, maxBytes: MAX_PREPARED_BYTES, sizeOf: preparedBytes });

  constructor(options: DirectExecutionOptions) {
    this.#options = options;
    this.#limits = options.limits ?? QUERY_LIMITS;
  }

  /** The yoga plugin that remembers each query yoga is about to execute, so it has been validated. */
  plugin(): Plugin {
    return {
      onExecute: ({ args }) => {
        const query = (args.contextValue as { params?: { query?: unknown } }).params?.query;
        if (typeof query !== 'string' || query.length > MAX_PREPARED_TEXT) return;
        const operation = getOperationAST(args.document, args.operationName);
        if (operation?.operation !== 'query') return;
        const key = operationKey({ query, operationName: args.operationName });
        if (this.#prepared.peek(key)?.document === args.document) return;
        const plan = compileQuery(this.#options.schema, args.document, args.operationName, { memo: this.#options.memo });
        const live = !!this.#options.cache && selectsAny(args.document, operation.selectionSet, this.#options.cache.liveRootFields);
        this.#prepared.set(key, { document: args.document, plan, live });
      },
    };
  }

  /** Yoga's answer to this request, made without yoga; undefined when yoga must answer it. */
  async answer(input: DirectRequest): Promise<DirectAnswer | undefined> {
    const params = wellFormed(input.params);
    if (!params) return this.#fallback('parameters');
    const prepared = this.#prepared.peek(operationKey(params));
    if (!prepared) return this.#fallback('unprepared');
    const mediaType = regularMediaType(input.accept);
    if (!mediaType) return this.#fallback('media_type');
    const { document, plan } = prepared;
    const { schema, cache, tracer, propagate } = this.#options;
    try {
      checkQueryLimits(schema, document, params, this.#limits);
    } catch {
      return this.#fallback('limits');
    }
    const key = cache?.enabled && !prepared.live ? input.cacheKey : undefined;
    if (key !== undefined) {
      const waited = await cache!.lookup(key);
      if (waited) return { body: waited.body, contentType: waited.contentType, cache: 'hit' };
    }
    const settle = key !== undefined ? cache!.begin(key) : undefined;
    let kept: CachedAnswer | undefined;
    try {
      const contextValue = this.#options.context({ request: input.request, requestId: input.requestId, acceptLanguage: input.acceptLanguage });
      const trace = traceOperation(tracer, { document, operationName: params.operationName, record: input.record, propagate });
      const body = await trace
        .run(() => (plan ? plan.run(params.variables, contextValue) : this.#execute(document, params, contextValue)))
        .catch(() => undefined);
      // A run that gives up ends its span plainly: yoga's own span for the same operation follows.
      trace.end({});
      // What yoga adds to or makes of a result with errors (CONNECTOR_UNAVAILABLE, masking, logs) stays yoga's.
      if (body === undefined) return this.#fallback('execution');
      if (contextValue.state.usedCatalogue && contextValue.federation.unavailable().length > 0) return this.#fallback('connector_unavailable');
      const contentType = `${mediaType}; charset=utf-8`;
      if (key === undefined) return { body, contentType };
      kept = { key, body, contentType, mediaType };
      if (!cache!.keep(kept)) kept = undefined;
      return { body, contentType, cache: 'miss' };
    } finally {
      settle?.(kept);
    }
  }

  /** Hands the request to yoga: says why, and answers nothing. */
  #fallback(reason: DirectFallbackReason): undefined {
    this.#options.onFallback?.(reason);
    return undefined;
  }

  /** graphql-js's execution (as yoga runs it), for a document without a plan: its JSON when it has no error. */
  async #execute(document: DocumentNode, params: GraphQLParams, contextValue: GatewayContext): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const { schema } = this.#options;
    const result = (await normalizedExecutor({
      schema,
      document,
      contextValue,
      variableValues: params.variables,
      operationName: params.operationName,
    })) as ExecutionResult;
    return result.errors?.length ? undefined : encoder.encode(JSON.stringify(result));
  }
}

/** A query yoga has accepted: its document, and its plan when it compiles to one. */
interface Prepared {
  document: DocumentNode;
  plan?: QueryPlan;
  /** It selects a root field the response cache never keeps (ResponseCacheOptions.liveRootFields). */
  live: boolean;
}

/** Parameters yoga takes as they are and that direct execution may run: no extensions, no other key. */
function wellFormed(params: Record<string, unknown>): GraphQLParams | undefined {
  for (const name in params) if (!PARAMETERS.has(name)) return undefined;
  const parsed = graphqlParams(params);
  return parsed?.extensions == null ? parsed : undefined;
}

/**
 * The media type yoga's result processors choose for a single result, when it is one of the two
 * regular JSON ones (undefined otherwise: an event stream, multipart, or nothing acceptable). Yoga
 * tries the Accept header's utf-8 entries and lets the first one that a JSON type matches decide,
 * application/json before application/graphql-response+json; no header counts as `*∕*`.
 */
export function regularMediaType(accept: string): string | undefined {
  // A client sends the same Accept header on every request: its answer is remembered.
  if (accept !== lastAccept.accept) lastAccept = { accept, mediaType: negotiate(accept) };
  return lastAccept.mediaType;
}

let lastAccept: { accept: string; mediaType: string | undefined } = { accept: '', mediaType: negotiate('') };

function negotiate(accept: string): string | undefined {
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [type = '', ...parameters] = entry.split(';');
    const charset = parameters.find((p) => p.includes('charset=')) ?? 'charset=utf-8';
    if (charset !== 'charset=utf-8') continue;
    if (matches(type, 'application/json')) return 'application/json';
    if (matches(type, 'application/graphql-response+json')) return 'application/graphql-response+json';
  }
  return undefined;
}

/** Whether an Accept entry (wildcards allowed) names the media type. */
function matches(asked: string, mediaType: string): boolean {
  const [askedType, askedSubtype] = asked.split('/');
  const [type, subtype] = mediaType.split('/');
  return (askedType === '*' || askedType === type) && (askedSubtype === '*' || askedSubtype === subtype);
}
