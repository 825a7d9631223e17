import { readSampleFromDisk } from '../../gateway/runtime/node/samples';
import { loadConfig } from '../../gateway/config';
import { createGateway, type GatewayOptions } from '../../gateway/app';
import { packagedGraphiql } from '../../gateway/graphql/graphiql/strings';
import { resolveWithDns } from '../../gateway/runtime/node/dns';
import { createNodeConnect } from '../../gateway/runtime/node/connect';
import { nodeClientAddress, nodeHeader } from '../../gateway/runtime/node/address';
import { serveOnFreePort, type Served } from './serve';

export interface TestGateway extends Served {
  /** Stops serving and closes what the gateway opened (Redis connections). */
  gateway: ReturnType<typeof createGateway>;
  /** POSTs a GraphQL operation and returns the parsed body. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: T; errors?: any[] }>;
}

/** A gateway configured from `env` like `npm start` is, not yet serving. */
function createTestGateway(env: Record<string, string>, extra: Partial<GatewayOptions>) {
  return createGateway({
    // Suites send many requests from one address; the rate-limit suite sets its own limits.
    config: loadConfig({ RATE_LIMIT_PER_SECOND: '100000', RATE_LIMIT_BURST: '100000', ...env }),
    log: () => {},
    readSample: readSampleFromDisk,
    graphiql: packagedGraphiql,
    resolveHost: resolveWithDns,
    connect: createNodeConnect(),
    clientAddress: nodeClientAddress,
    header: nodeHeader,
    ...extra,
  });
}

/** POSTs a GraphQL operation through `send` and returns the parsed body. */
function graphqlOver(send: (path: string, init: RequestInit) => Response | Promise<Response>): TestGateway['graphql'] {
  return async (query, variables, headers = {}) => {
    const response = await send('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };
}

/** A real gateway over real HTTP, configured from `env` like `npm start` is. */
export async function startGateway(env: Record<string, string> = {}, extra: Partial<GatewayOptions> = {}): Promise<TestGateway> {
  const gateway = createTestGateway(env, extra);
  const served = await serveOnFreePort(gateway.app.fetch);
  return { ...served, gateway, graphql: graphqlOver((path, init) => fetch(`${served.url}${path}`, init)) };
}

/**
 * Waits until the gateway is still: every connector harvested and its harvest recorded in the
 * change log. The first index starts the harvests and records them in the background (appending as
 * it detects); a refresh of each connector waits behind its recording and changes nothing, so a
 * test comparing two answers (an ETag, a cursor and the log's head) does not see one land between them.
 */
export async function settled({ federation }: Pick<ReturnType<typeof createGateway>, 'federation'>): Promise<void> {
  await federation.index();
  await Promise.all(federation.connectors().map((c) => federation.refresh(c.id)));
}

export interface InProcessGateway {
  gateway: ReturnType<typeof createGateway>;
  /** Answers a request in process (`app.request()`): a path such as `/products/x`, or a full URL. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs a GraphQL operation and returns the parsed body. */
  graphql: TestGateway['graphql'];
}

/**
 * The same gateway answered in process through hono's `app.request()`, with no socket: for suites
 * whose subject is what the gateway answers, not how a connection carries it (that stays with
 * `startGateway`).
 */
export function inProcessGateway(env: Record<string, string> = {}, extra: Partial<GatewayOptions> = {}): InProcessGateway {
  const gateway = createTestGateway(env, extra);
  const request = async (path: string, init?: RequestInit) => gateway.app.request(path, init);
  return { gateway, request, graphql: graphqlOver(request) };
}
