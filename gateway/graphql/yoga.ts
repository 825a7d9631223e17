import { createYoga } from 'graphql-yoga';
import { createContext, type GatewayServices } from './context';
import { useConnectorErrors } from './plugins/use-connector-errors';
import { schema } from './schema';

/**
 * The GraphQL-over-HTTP handler. Unexpected errors are masked as INTERNAL_SERVER_ERROR; errors the
 * gateway raises on purpose keep their message and `extensions.code`.
 */
export function createGraphQLHandler(services: GatewayServices) {
  return createYoga({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'APEC OVOP federation gateway' },
    context: ({ request }) => createContext(services, request),
    plugins: [useConnectorErrors()],
    logging: false,
  });
}
