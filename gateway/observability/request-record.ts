import type { Span } from './tracer';

/**
 * What the layers of one request learn about it, for its access-log line, metrics and span:
 * yoga fills the operation, authentication fills the client key's name.
 */
export interface RequestRecord {
  operationName: string | null;
  operationType: string;
  /** The name of the client key the caller authenticated with, if any. */
  client: string | null;
  /** The response cache's verdict, when it was asked. */
  cache: 'hit' | 'miss' | null;
  span?: Span;
}
