import type { Context } from 'hono';
import { errorBody, type ErrorCode } from '../../errors';
import { respond, type Timings } from './request-context';

/** What `errorResponse` answers. */
export interface ErrorAnswer {
  status: number;
  code: ErrorCode;
  /** Public words: never a URL, an address or a stack. */
  message: string;
  /** Headers beside the content type (Retry-After, WWW-Authenticate, Connection). @default {} */
  headers?: Record<string, string>;
  /** The connectors' harvest timings, for Server-Timing. */
  timings: Timings;
}

/**
 * The one HTTP error answer: GraphQL errors with `extensions.code` on /graphql, `{ error: { code,
 * message } }` elsewhere (docs/contract.md), with every header set at once by `respond`.
 */
export function errorResponse(c: Context, { status, code, message, headers, timings }: ErrorAnswer): Response {
  const body = new URL(c.req.url).pathname === '/graphql' ? { errors: [{ message, extensions: { code } }] } : errorBody(code, message);
  return respond(c, { body: JSON.stringify(body), status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, timings });
}
