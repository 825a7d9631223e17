/**
 * The plugins yoga is given (gateway/graphql/endpoint/yoga.ts), by the names yoga.ts gives them and
 * in yoga's order, each with how the direct path answers as if it had run: what a new plugin must
 * say here before the direct path may keep answering beside yoga. test/direct-yoga-parity.test.ts
 * compares this list with the plugins yoga is actually given.
 */
export const HONOURED_PLUGINS = {
  preparsedParams: 'the HTTP layer reads the body once and hands the direct path the same parsed parameters it hands yoga',
  automaticPersistedQueries:
    'the fast path resolves a learned hash to its text (resolvePersisted) before the direct path runs; an unknown hash or a text to check against its hash is left to yoga',
  trustedDocuments: 'the fast path resolves a trusted id to its text before the direct path runs; an unknown id, and a text in required mode, are left to yoga',
  introspectionPolicy: 'the direct path runs only documents yoga has parsed and validated (directPrepare), so a document the rule refuses never reaches it',
  queryLimits: 'checkQueryLimits runs on every direct request with its own variables; a refusal is left to yoga',
  connectorErrors: 'a run that read the catalogue while a connector is unavailable is left to yoga, which adds CONNECTOR_UNAVAILABLE',
  errorLogging: 'the direct path answers only results without errors: there is nothing to log',
  operationTracing: 'traceOperation records the same operation name, type and span',
  responseCache: 'the same ResponseCache, looked up, begun and kept under the same key',
  directPrepare: "the direct path's own: it remembers the documents yoga has parsed, limited and validated",
} as const satisfies Record<string, string>;

/** The name of a plugin the direct path honours. */
export type HonouredPlugin = keyof typeof HONOURED_PLUGINS;
