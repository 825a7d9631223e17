import type { Context } from 'hono';
import { errorBody, type ErrorCode } from '../../errors';
import { respond, type Timings } from './request-context';

/**
 * An error answer in the shape the route speaks: GraphQL errors with `extensions.code` on
 * /graphql, `{ error: { code, message } }` elsewhere.
 */
export function errorResponse(c: Context, timings: Timings, status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): Response {
  const body = new URL(c.req.url).pathname === '/graphql' ? { errors: [{ message, extensions: { code } }] } : errorBody(code, message);
  return respond(c, timings, JSON.stringify(body), status, { 'content-type': 'application/json; charset=utf-8', ...headers });
}
