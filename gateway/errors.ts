import { GraphQLError } from 'graphql';

/** The error codes of the contract, carried in `extensions.code` and in HTTP error bodies. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONNECTOR_UNAVAILABLE'
  | 'QUERY_TOO_COMPLEX'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'STORE_UNAVAILABLE'
  /** A change cursor older than the feed's retention (HTTP 410): take a new export. */
  | 'CURSOR_EXPIRED'
  /** A bounded resource is full for now (HTTP 503 with Retry-After): try again shortly. */
  | 'UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** A client-facing GraphQL error with its contract code (never masked). */
export function gatewayError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** Shorthand for the most common client error: the input is not acceptable. */
export function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return gatewayError('BAD_USER_INPUT', message, extensions);
}

/** The JSON body of an HTTP error outside GraphQL: `{ error: { code, message } }`. */
export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}
