/**
 * Node entry: `npm start`. Production mode unless told otherwise (graphql-js skips its
 * development-only checks), then the server. The mode must be set before graphql loads.
 */
process.env.NODE_ENV ??= 'production';
await import('./node-server');

export {};
