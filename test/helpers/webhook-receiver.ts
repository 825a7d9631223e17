import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery as the receiver got it. */
export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** How the receiver answers one request: a status (with headers and body), or never (`hang`). */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer: the connection stays open until the client gives up. */
  hang?: boolean;
  /** An endless body after the head (a hostile receiver). */
  endless?: boolean;
  /** Wait this long before answering (lets a second delivery overlap, if the sender ever sent one). */
  delayMs?: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The most requests in flight at once. */
  maxInFlight: number;
  /** Answers to come, in order; when empty, 200. */
  answers: Answer[];
  close(): Promise<void>;
}

/** A real HTTP webhook receiver on loopback, answering from a script and recording what came. */
export async function startReceiver(): Promise<Receiver> {
  const sockets = new Set<import('node:net').Socket>();
  const state: Omit<Receiver, 'url' | 'close'> = { received: [], maxInFlight: 0, answers: [] };
  let inFlight = 0;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    state.received.push({ path: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') });
    const answer = state.answers.shift() ?? {};
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    inFlight--;
    if (answer.hang) return;
    res.writeHead(answer.status ?? 200, answer.headers ?? {});
    if (!answer.endless) return res.end(answer.body ?? '');
    const chunk = Buffer.alloc(16 * 1024, 'x');
    const pump = () => {
      while (res.write(chunk)) {}
    };
    res.on('drain', pump);
    pump();
  });
  server.on('connection', (socket) => (sockets.add(socket), socket.on('close', () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}
