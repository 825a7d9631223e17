import type { Hono } from 'hono';
import type { GraphQLBodyVariables } from '../middleware/graphql-fast-path';
import type { RequestVariables } from '../middleware/request-context';

/** The hono app the routes register on: request variables set by the middleware kit. */
export type GatewayHono = Hono<{ Variables: RequestVariables & GraphQLBodyVariables }>;
