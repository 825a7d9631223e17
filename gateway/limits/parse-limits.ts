import { GraphQLError, parse, type DocumentNode, type ParseOptions, type Source } from 'graphql';
import { gatewayError } from '../errors';

/**
 * graphql-js's parser with a token limit: a document of more than `maxTokens` tokens is refused
 * with QUERY_TOO_COMPLEX as soon as the lexer passes the limit, before any tree is built for the rest.
 */
export function parseWithTokenLimit(source: string | Source, maxTokens: number, options: ParseOptions = {}): DocumentNode {
  try {
    return parse(source, { ...options, maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError && /more tha[nt] \d+ tokens/.test(error.message)) {
      throw gatewayError('QUERY_TOO_COMPLEX', `the query is too complex: more than ${maxTokens} tokens`, { limit: 'tokens' });
    }
    throw error;
  }
}
