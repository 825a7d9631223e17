/**
 * The webhooks bench's receiver: a bare node:http server in a process of its own, answering 204 to
 * every POST. It records each delivery's path (which subscription), `webhook-id` and the time it
 * came, and counts requests in flight per path (one delivery per subscription at a time). Given the
 * ids a subscription must receive, in log order (`expect`), it checks the order itself as they come.
 *
 * Driven over IPC (node's `fork`): `{ type: 'expect', path, ids }`, `{ type: 'count' }` (answers `{ type: 'count', count,
 * order }`: cheap to ask every 100 ms), `{ type: 'dump' }` (answers
 * `{ type: 'dump', receipts, overlaps, order }`), `{ type: 'reset' }`. Sends `{ type: 'ready', url }` once listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery received: the subscription's path, the event's id, when it came (ms since the epoch, sub-ms precision). */
export interface Receipt {
  path: string;
  id: string;
  at: number;
}

/** What the order check of one path found. */
export interface OrderCheck {
  expected: number;
  /** Deliveries that were the next expected id. */
  inOrder: number;
  /** Deliveries that were not (out of order, unknown or repeated). */
  wrong: number;
  firstAt: number | null;
  lastAt: number | null;
}

const now = () => performance.timeOrigin + performance.now();
let receipts: Receipt[] = [];
let record = true;
let overlaps = 0;
const inFlight = new Map<string, number>();
let order: { path: string; ids: string[]; next: number; check: OrderCheck } | null = null;

const server = createServer((req, res) => {
  const path = req.url ?? '/';
  const id = String(req.headers['webhook-id'] ?? '');
  const at = now();
  const open = (inFlight.get(path) ?? 0) + 1;
  inFlight.set(path, open);
  if (open > 1) overlaps++;
  if (record) receipts.push({ path, id, at });
  if (order && order.path === path) {
    const c = order.check;
    if (order.ids[order.next] === id) {
      c.inOrder++;
      order.next++;
    } else c.wrong++;
    c.firstAt ??= at;
    c.lastAt = at;
  }
  req.resume();
  req.on('end', () => {
    inFlight.set(path, (inFlight.get(path) ?? 1) - 1);
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;

process.on('message', (message: { type: string; path?: string; ids?: string[]; record?: boolean }) => {
  if (message.type === 'expect') {
    order = { path: message.path!, ids: message.ids!, next: 0, check: { expected: message.ids!.length, inOrder: 0, wrong: 0, firstAt: null, lastAt: null } };
    record = message.record ?? false;
  } else if (message.type === 'count') {
    process.send!({ type: 'count', count: receipts.length, order: order?.check ?? null });
  } else if (message.type === 'dump') {
    process.send!({ type: 'dump', receipts, overlaps, order: order?.check ?? null });
  } else if (message.type === 'reset') {
    receipts = [];
    overlaps = 0;
    order = null;
    record = true;
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
