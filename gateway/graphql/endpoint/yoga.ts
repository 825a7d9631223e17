import { createYoga } from 'graphql-yoga';
import { boundedDocumentCache } from '../../limits/document-cache';
import { createContext, type GatewayServices } from '../context';
import type { GraphiqlAssets } from '../graphiql/assets';
import { renderGraphiQL } from '../graphiql/page';
import { useConnectorErrors } from '../plugins/use-connector-errors';
import { useErrorLogging } from '../plugins/use-error-logging';
import { useQueryLimits } from '../plugins/use-query-limits';
import { type CacheServerContext, useResponseCache, type ResponseCache } from '../plugins/use-response-cache';
import { schema } from '../schema';
import { useOperationTracing } from '../plugins/use-operation-tracing';
import { type PreparsedServerContext, usePreparsedParams } from '../plugins/use-preparsed-params';
import type { Tracer } from '../../observability/tracer';
import type { RequestRecord } from '../../observability/request-record';
import type { DirectFallbackReason } from '../../observability/metrics';
import { DirectExecution } from '../direct/direct-execution';
import { FragmentMemo } from '../direct/fragment-memo';
import type { HonouredPlugin } from '../direct/yoga-parity';
import { productFragments } from '../resolvers/fragments';
import { LearnedDocuments, useAutomaticPersistedQueries } from '../plugins/use-automatic-persisted-queries';
import { TrustedDocuments, useTrustedDocuments } from '../plugins/use-trusted-documents';
import { useIntrospectionPolicy } from '../plugins/use-introspection-policy';

/** Development mode (NODE_ENV=development): graphql-js's "Did you mean …" suggestions are kept. */
const DEVELOPMENT = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV === 'development';

export interface GraphQLHandlerOptions {
  /** Records a span per GraphQL operation. */
  tracer: Tracer;
  /** Whether the operation's span context is carried to the upstream requests it starts (Node). */
  propagate?: () => boolean;
  /** The response cache for repeated identical reads; none when not given. */
  responseCache?: ResponseCache;
  /** GraphiQL's assets, which the page links to. */
  graphiql: GraphiqlAssets;
  /** Told each time the direct path hands a request to yoga, and why (ovop_direct_fallback_total). */
  onDirectFallback?: (reason: DirectFallbackReason) => void;
  /** Persisted documents (docs/contract.md): trusted ones, learned ones (APQ), and whether only trusted ids run. */
  persisted?: PersistedDocuments;
  /** INTROSPECTION: false refuses `__schema` and `__type`. @default true */
  introspection?: boolean;
}

/** What runs by id instead of by text: PERSISTED_DOCUMENTS_FILE, PERSISTED_DOCUMENTS and APQ. */
export interface PersistedDocuments {
  trusted: TrustedDocuments;
  /** PERSISTED_DOCUMENTS=required: only trusted ids run. */
  required: boolean;
  /** APQ's learned documents; undefined when APQ is off (or documents are required). */
  learned?: LearnedDocuments;
}

/**
 * The GraphQL-over-HTTP handler. Unexpected errors are masked as INTERNAL_SERVER_ERROR; errors the
 * gateway raises on purpose keep their message and `extensions.code`. CORS is the HTTP layer's
 * (yoga's own is off); GraphiQL is served from the project's own dependencies. `direct` runs again,
 * without yoga's request pipeline, the queries yoga has accepted (see DirectExecution).
 */
export function createGraphQLHandler(services: GatewayServices, options: GraphQLHandlerOptions) {
  const shared = sharedServices(services);
  const propagate = options.propagate ?? (() => true);
  const persisted = options.persisted ?? { trusted: new TrustedDocuments(), required: false, learned: new LearnedDocuments() };
  const direct = new DirectExecution({
    schema,
    context: (options) => createContext(shared, options),
    tracer: options.tracer,
    propagate,
    cache: options.responseCache,
    memo: new FragmentMemo(productFragments),
    onFallback: options.onDirectFallback,
  });
  const yoga = createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    cors: false,
    graphiql: { title: 'APEC OVOP federation gateway', defaultQuery: '{\n  economies { code name programme productCount }\n}\n' },
    renderGraphiQL: (graphiql) => renderGraphiQL(graphiql, options.graphiql),
    context: ({ request, requestId }: { request: Request; requestId?: string; record?: RequestRecord } & PreparsedServerContext & CacheServerContext) =>
      createContext(shared, { request, requestId }),
    // Each by the name the direct path acknowledges it under (HONOURED_PLUGINS): a plugin changes
    // answers, and the direct path answers as yoga does only for the plugins it knows of.
    plugins: [
      named('preparsedParams', usePreparsedParams()),
      // Before anything reads the parameters: a hash or an id becomes the document it names.
      named('automaticPersistedQueries', useAutomaticPersistedQueries({ learned: persisted.required ? undefined : persisted.learned })),
      named('trustedDocuments', useTrustedDocuments({ documents: persisted.trusted, required: persisted.required })),
      named('introspectionPolicy', useIntrospectionPolicy(options.introspection ?? true)),
      named('queryLimits', useQueryLimits({ suggestions: DEVELOPMENT })),
      named('connectorErrors', useConnectorErrors()),
      named('errorLogging', useErrorLogging()),
      named('operationTracing', useOperationTracing(options.tracer, propagate)),
      ...(options.responseCache ? [named('responseCache', useResponseCache(options.responseCache))] : []),
      named('directPrepare', direct.plugin()),
    ],
    logging: false,
    // The HTTP layer limits bodies (bodyLimit, 1 MiB) before yoga runs; yoga's own limit would
    // re-stream every body, including those the HTTP layer has already read and parsed.
    maxRequestBodySize: false,
    // yoga keeps parsed documents by query text: bounded in entries and text length (request input).
    parserAndValidationCache: {
      documentCache: boundedDocumentCache({ maxEntries: 1000, maxKeyLength: 16 * 1024 }),
      errorCache: boundedDocumentCache({ maxEntries: 1000, maxKeyLength: 16 * 1024 }),
    },
  });
  return { yoga, direct };
}

const pluginNames = new WeakMap<object, HonouredPlugin>();

/** A plugin, under the name the direct path honours it by. */
function named<P extends object>(name: HonouredPlugin, plugin: P): P {
  pluginNames.set(plugin, name);
  return plugin;
}

/** The name a plugin was given to yoga under; undefined for a plugin given without one. */
export function pluginName(plugin: object): HonouredPlugin | undefined {
  return pluginNames.get(plugin);
}

/**
 * The services alone, out of whatever larger object carries them (the app's options hold twice
 * as many): every request's context copies them, twice (ours, then envelop's extension). Every
 * key of GatewayServices must be listed, optional ones too: the type check says which is missing.
 */
function sharedServices(s: GatewayServices): GatewayServices {
  const { federation, changes, rates, clock, adminToken, keys, clientKeys, registrations, cursors, log, origin, webhooks } = s;
  return { federation, changes, rates, clock, adminToken, keys, clientKeys, registrations, cursors, log, origin, webhooks } satisfies {
    [K in keyof Required<GatewayServices>]: GatewayServices[K];
  };
}
