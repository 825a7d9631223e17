import type { Context } from 'hono';

/**
 * Reads one request header. The runtime may supply a cheaper reader (Node: the IncomingMessage's
 * own headers, without building a Web Headers object); the default is the standard one.
 */
export type HeaderReader = (c: Context, name: string) => string | undefined;

export const standardHeader: HeaderReader = (c, name) => c.req.header(name);
