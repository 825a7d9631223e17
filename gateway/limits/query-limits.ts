import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { gatewayError } from '../errors';
import { BoundedMap } from '../collections/bounded-map';
import { checkDocumentBounds, type DocumentLimits } from './document-bounds';
import { LimitExceeded, operationCost, type CostLimits } from './query-cost';

export interface QueryLimits extends CostLimits, DocumentLimits {
  /** Tokens the parser reads before it gives up. */
  maxTokens: number;
}

/**
 * The gateway's bounds. GraphiQL's introspection query is about 200 tokens, 7 levels of
 * introspection; a portal page's query a few hundred tokens, depth 6, cost in the low thousands.
 */
export const QUERY_LIMITS: QueryLimits = {
  maxTokens: 5000,
  maxDepth: 10,
  maxCost: 20_000,
  maxAliases: 50,
  maxSpreads: 1000,
  maxFragments: 100,
  maxDirectives: 50,
  maxIntrospectionDepth: 20,
};

/**
 * Documents already found within the limits, per operation name and numeric variables (the only
 * variables the cost reads): yoga reuses parsed documents, so a repeated query is checked once.
 */
const passed = new WeakMap<DocumentNode, BoundedMap<string, true>>();

/**
 * Checks a parsed document against the limits before it is validated or executed: what it
 * declares (fragments, directives), then the shape of the operation to be run (`operationName`,
 * else every operation), with its variables. Throws QUERY_TOO_COMPLEX naming the bound passed.
 */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { operationName?: string | null; variables?: Readonly<Record<string, unknown>> | null },
  limits: QueryLimits = QUERY_LIMITS,
): void {
  // Names are GraphQL names and numbers print unambiguously: the key tells them apart.
  let key = request.operationName ?? '';
  const variables = request.variables ?? {};
  for (const name in variables) if (typeof variables[name] === 'number') key += `|${name}=${variables[name]}`;
  const known = limits === QUERY_LIMITS ? passed.get(document) : undefined;
  if (known?.has(key)) return;
  try {
    checkDocumentBounds(document, limits);
    const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      if (request.operationName && definition.name?.value !== request.operationName) continue;
      operationCost(schema, definition, { fragments, variables: request.variables ?? {}, limits });
    }
    if (limits === QUERY_LIMITS) {
      if (!passed.has(document)) passed.set(document, new BoundedMap({ maxEntries: 16, maxBytes: 16 * 1024 }));
      passed.get(document)!.set(key, true);
    }
  } catch (error) {
    if (error instanceof LimitExceeded) throw tooComplex(error.problem);
    throw error;
  }
}

/** The QUERY_TOO_COMPLEX error for a bound passed. */
export function tooComplex(problem: string): GraphQLError {
  return gatewayError('QUERY_TOO_COMPLEX', `the query is too complex: ${problem}`);
}
