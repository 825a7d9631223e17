import type { Plugin } from 'graphql-yoga';

/** What the HTTP layer hands yoga with a request whose JSON body it has already read and parsed. */
export interface PreparsedServerContext {
  /** The request body's JSON object, as yoga's own JSON parser would have returned it. */
  graphqlParams?: Record<string, unknown>;
}

/**
 * Takes the GraphQL-over-HTTP parameters the HTTP layer already parsed from the body (one read,
 * one JSON.parse per request) instead of re-reading the body through yoga's stream pipeline.
 * Yoga still checks the parameters (`query` a string, `variables` an object) afterwards. Requests
 * without them (GET, other media types, bodies that are no JSON object) are parsed by yoga itself.
 */
export function usePreparsedParams(): Plugin {
  return {
    /** Runs before yoga reads the request: replaces the chosen parser by the parsed body. */
    onRequestParse({ serverContext, setRequestParser }) {
      const params = (serverContext as PreparsedServerContext | undefined)?.graphqlParams;
      if (params) setRequestParser(() => params);
    },
  };
}
