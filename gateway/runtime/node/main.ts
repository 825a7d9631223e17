import { setFlagsFromString } from 'node:v8';

/**
 * Node entry: `npm start`. Production mode unless told otherwise (graphql-js skips its
 * development-only checks), a young generation large enough that a request's garbage dies there
 * (fewer scavenges under load), then the server. Both must be set before anything loads.
 */
process.env.NODE_ENV ??= 'production';
setFlagsFromString('--max-semi-space-size=32');
await import('./server');
