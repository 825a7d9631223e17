import { createYoga } from 'graphql-yoga';
import { createContext, type GatewayServices } from './context';
import { useConnectorErrors } from './plugins/use-connector-errors';
import { useErrorLogging } from './plugins/use-error-logging';
import { useQueryLimits } from './plugins/use-query-limits';
import { schema } from './schema';
import { useOperationTracing } from './plugins/use-operation-tracing';
import type { Tracer } from '../observability/tracer';
import type { RequestRecord } from '../http/middleware/observe';

/**
 * The GraphQL-over-HTTP handler. Unexpected errors are masked as INTERNAL_SERVER_ERROR; errors the
 * gateway raises on purpose keep their message and `extensions.code`.
 */
export function createGraphQLHandler(services: GatewayServices, tracer: Tracer, propagate?: () => boolean) {
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'APEC OVOP federation gateway' },
    context: ({ request, requestId }: { request: Request; requestId?: string; record?: RequestRecord }) => createContext(services, request, requestId),
    plugins: [useQueryLimits(), useConnectorErrors(), useErrorLogging(), useOperationTracing(tracer, propagate)],
    logging: false,
  });
}
