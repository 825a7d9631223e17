import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import type { HeaderReader } from '../../http/middleware/header';

const incomingOf = (c: Context) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;

/** The peer address of a request served by @hono/node-server (X-Forwarded-For is not trusted). */
export function nodeClientAddress(c: Context): string {
  return incomingOf(c)?.socket.remoteAddress ?? 'unknown';
}

/** A header straight from Node's parsed request: no Web Headers object is built for it. */
export const nodeHeader: HeaderReader = (c, name) => {
  const value = incomingOf(c)?.headers[name];
  if (value === undefined) return incomingOf(c) ? undefined : c.req.header(name);
  return Array.isArray(value) ? value.join(', ') : value;
};
