import type { Context } from 'hono';
import { errorBody, type ErrorCode } from '../../errors';

/**
 * An error answer in the shape the route speaks: GraphQL errors with `extensions.code` on
 * /graphql, `{ error: { code, message } }` elsewhere.
 */
export function errorResponse(c: Context, status: number, code: ErrorCode, message: string): Response {
  const body = new URL(c.req.url).pathname === '/graphql' ? { errors: [{ message, extensions: { code } }] } : errorBody(code, message);
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
