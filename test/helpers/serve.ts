import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { CoalescedResponse } from '../../gateway/runtime/node/coalesced-response';

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves a fetch handler over real HTTP on a free loopback port, writing responses as `npm start` does. */
export async function serveOnFreePort(fetch: (request: Request) => Response | Promise<Response>): Promise<Served> {
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch, port: 0, hostname: '127.0.0.1', serverOptions: { ServerResponse: CoalescedResponse } }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
