import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TH_API_KEY } from './economy-server';

const thCsv = readFileSync(new URL('../fixtures/catalogues/th-otop.csv', import.meta.url));

export interface HostileUpstream {
  url: string;
  port: number;
  /** Every request received: path and headers. */
  received: Array<{ path: string; headers: IncomingHttpHeaders }>;
  /** Bytes written by the huge route so far. */
  hugeBytesSent(): number;
  close(): Promise<void>;
}

/**
 * An upstream server over real HTTP that misbehaves on purpose:
 * - `/th/otop.csv`: Thailand's CSV, behind its API key (like the economy server);
 * - `/redirect?to=URL&status=302`: redirects anywhere;
 * - `/endless`: answers 200, then trickles a byte every 100 ms and never finishes the body;
 * - `/huge?mb=N`: streams N MB of JSON as fast as the client reads, with no Content-Length;
 * - `/status/N`: answers HTTP N.
 */
export async function startHostileUpstream(): Promise<HostileUpstream> {
  const received: HostileUpstream['received'] = [];
  let hugeSent = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    received.push({ path: url.pathname, headers: req.headers });
    if (url.pathname === '/th/otop.csv') {
      if (req.headers['x-api-key'] !== TH_API_KEY) return void res.writeHead(401).end('missing or wrong API key');
      return void res.writeHead(200, { 'content-type': 'text/csv; charset=windows-874' }).end(thCsv);
    }
    if (url.pathname === '/redirect') {
      return void res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to') ?? '/' }).end();
    }
    if (url.pathname === '/endless') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items":[');
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (url.pathname === '/huge') {
      const total = Number(url.searchParams.get('mb') ?? 300) * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items":[');
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          hugeSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end(']}');
      };
      res.on('close', () => res.removeAllListeners('drain'));
      return pump();
    }
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status) return void res.writeHead(Number(status[1])).end(`status ${status[1]}`);
    res.writeHead(404).end('not found');
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    hugeBytesSent: () => hugeSent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
