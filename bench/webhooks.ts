/**
 * The webhooks' figures (issue 31): `BENCH_ONLY=webhooks npm run bench`, and part of the whole run.
 * BENCH_WEBHOOKS_PRODUCTS (the synthetic catalogue, default 20000), BENCH_WEBHOOKS_SUBSCRIPTIONS
 * (default 100), BENCH_WEBHOOKS_EVENTS (events of the throughput harvest, default 200: × 100
 * subscriptions = 20,000 deliveries), BENCH_WEBHOOKS_ROUNDS (latency rounds, default 10, after
 * one not counted), BENCH_WEBHOOKS_BACKLOG (default 100000), BENCH_WEBHOOKS_STORES (`redis,memory`),
 * BENCH_WEBHOOKS_PHASES (default `latency,throughput,backlog`), BENCH_WEBHOOKS_MAX_RATE (the gateway's
 * WEBHOOK_MAX_RATE during the run, default 2000: the
 * backlog drains at what one subscription's loop reaches, not at the production default); Redis at
 * REDIS_URL (default redis://127.0.0.1:6379) under a key prefix of this run's own, deleted at the end.
 *
 * Runs in a child process of its own (`--expose-gc`), so that its memory figures are the gateway's:
 * one gateway (one Node instance) with its dispatcher started, on Node + Redis stores (the Redis
 * change log and the Redis webhook store), then on the embedded memory stores. The receiver is a
 * bare node:http server in another process (bench/webhook-receiver.ts) answering 204.
 *
 * 1. Latency: each round moves one price per economy upstream (6 events) and re-harvests; every
 *    event is timed from the moment it is readable in the log (polled every 5 ms here) to its
 *    first delivery attempt's arrival at the receiver, for each of the subscriptions.
 * 2. Throughput: one re-harvest writes EVENTS events, which every subscription receives: deliveries
 *    a second from the first arrival to the last; each (subscription, event) arrives once, and no
 *    subscription ever has two deliveries in flight.
 * 3. Backlog (Redis only unless BENCH_WEBHOOKS_BACKLOG_MEMORY=1): the subscriptions deleted,
 *    re-harvests write BACKLOG events; one subscription replays from the cursor before them, and
 *    the receiver checks each arrival against the log's order. Resident memory of this process is
 *    sampled every 100 ms; the figure is its peak above idle (settled after the backlog was written,
 *    before the replay).
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { ChangeLog } from '../gateway/changes/change-log';
import { connectRedisStores } from '../gateway/runtime/node/redis';
import { startGateway, type TestGateway } from '../test/helpers/gateway';
import { ROOT, startOnFreePort } from './lib/processes';
import type { Floor, Row } from './lib/report';
import { SYNTHETIC_ECONOMIES } from './synthetic/generate';
import { registerSynthetic } from './synthetic/register';
import type { OrderCheck, Receipt } from './webhook-receiver';

import { type PartFigures, runAsChild, runPartInChild } from './lib/child-part';
import { deleteRunKeys } from './lib/redis-keys';
import { percentile } from './lib/stats';

const ADMIN = 'bench-operator-token-0123456789';

/** What the webhooks part adds to the report. */
export type WebhooksFigures = PartFigures;

/** Runs the webhooks part in a child process (see the file's comment) and returns its rows and floors. */
export const webhooksRun = (): Promise<WebhooksFigures> => runPartInChild('webhooks');

const gc = (globalThis as { gc?: () => void }).gc;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();
const log = (line: string) => console.error(`webhooks: ${line}`);

const PRODUCTS = Number(process.env.BENCH_WEBHOOKS_PRODUCTS ?? 20_000);
const SUBSCRIPTIONS = Number(process.env.BENCH_WEBHOOKS_SUBSCRIPTIONS ?? 100);
const EVENTS = Number(process.env.BENCH_WEBHOOKS_EVENTS ?? 200);
const ROUNDS = Number(process.env.BENCH_WEBHOOKS_ROUNDS ?? 10);
const BACKLOG = Number(process.env.BENCH_WEBHOOKS_BACKLOG ?? 100_000);
const STORES = (process.env.BENCH_WEBHOOKS_STORES ?? 'redis,memory').split(',').filter(Boolean) as Array<'redis' | 'memory'>;
const MAX_RATE = process.env.BENCH_WEBHOOKS_MAX_RATE ?? '2000';
/** The parts run, comma-separated. @default 'latency,throughput,backlog' */
const PHASES = (process.env.BENCH_WEBHOOKS_PHASES ?? 'latency,throughput,backlog').split(',');

/** The receiver process and what it is asked over IPC. */
interface ReceiverProcess {
  url: string;
  child: ChildProcess;
  dump(): Promise<{ receipts: Receipt[]; overlaps: number; order: OrderCheck | null }>;
  /** How many came so far, and the order check: what the waits poll (a dump of every receipt would load this process). */
  count(): Promise<{ count: number; order: OrderCheck | null }>;
  send(message: Record<string, unknown>): void;
}

async function startReceiver(): Promise<ReceiverProcess> {
  const child = fork(`${ROOT}bench/webhook-receiver.ts`, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`the receiver exited with ${code}`)));
  });
  return {
    url,
    child,
    send: (message) => child.send(message),
    dump: () =>
      new Promise((resolve) => {
        child.once('message', (m: any) => resolve(m));
        child.send({ type: 'dump' });
      }),
    count: () =>
      new Promise((resolve) => {
        child.once('message', (m: any) => resolve(m));
        child.send({ type: 'count' });
      }),
  };
}

/** Memory after three full collections: RSS in bytes. */
async function settledRss() {
  for (let i = 0; i < 3; i++) {
    gc!();
    await sleep(50);
  }
  return process.memoryUsage().rss;
}

/** Follows the log from `after` every 5 ms, noting when each event id became readable, until stopped. */
function readableTimes(changes: ChangeLog, after: string) {
  const seen = new Map<string, number>();
  let cursor = after;
  let running = true;
  const loop = (async () => {
    while (running) {
      for (let more = true; more; ) {
        const page = await changes.read({ after: cursor, limit: 500 });
        const at = now();
        for (const e of page.entries) if (!seen.has(e.change.id)) seen.set(e.change.id, at);
        cursor = page.next;
        more = page.hasMore;
      }
      await sleep(5);
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function until(what: string, check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface Deployment {
  gw: TestGateway;
  close(): Promise<void>;
}

async function deploy(kind: 'redis' | 'memory', upstreamUrl: string, prefix: string): Promise<Deployment> {
  // A shared machine's slow moments must not fail the registration's dry run (5 s by default).
  const env = { ALLOW_PRIVATE_UPSTREAMS: 'true', GATEWAY_ADMIN_TOKEN: ADMIN, LOG_LEVEL: 'warn', WEBHOOK_MAX_RATE: MAX_RATE, UPSTREAM_TIMEOUT_MS: '30000' };
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const stores = kind === 'redis' ? await connectRedisStores(redisUrl, `${prefix}${kind}:`) : null;
  const gw = await startGateway(
    env,
    stores ? { stores: { cache: stores.cache, registry: stores.registry, changes: stores.changeLog(), webhooks: stores.webhookStore } } : {},
  );
  gw.gateway.webhooks.dispatcher.start();
  // A shared machine's slow moment can fail one registration (a store deadline): try again, up to three times.
  const wanted = SYNTHETIC_ECONOMIES.map((e) => `${e.economy.toLowerCase()}-synthetic`);
  for (let attempt = 1; ; attempt++) {
    const failures = await registerSynthetic({
      ask: (q, v, token) => gw.graphql(q, v, token ? { authorization: `Bearer ${token}` } : {}),
      upstreamUrl,
      admin: ADMIN,
    });
    const up = ((await gw.graphql('{ connectors { id status } }')).data?.connectors ?? []) as Array<{ id: string; status: string }>;
    if (wanted.every((id) => up.some((c) => c.id === id && c.status === 'UP'))) break;
    if (attempt === 3) throw new Error(`registration failed (${kind}): ${failures.join('; ')}`);
    log(`registration attempt ${attempt} failed (${failures.length} economies), trying again`);
    await sleep(2000);
  }
  return {
    gw,
    close: async () => {
      await gw.gateway.webhooks.dispatcher.stop();
      await gw.close();
      await stores?.close();
    },
  };
}

const operator = { authorization: `Bearer ${ADMIN}` };

async function subscribe(gw: TestGateway, url: string): Promise<string> {
  const r = await gw.graphql(
    'mutation($i: WebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { subscription { id } } }',
    { i: { url } },
    operator,
  );
  if (r.errors) throw new Error(`createWebhookSubscription: ${JSON.stringify(r.errors)}`);
  return r.data.createWebhookSubscription.subscription.id as string;
}

async function runDeployment(kind: 'redis' | 'memory', upstreamUrl: string, receiver: ReceiverProcess, prefix: string): Promise<WebhooksFigures> {
  const rows: Row[] = [];
  const floors: Floor[] = [];
  const label = kind === 'redis' ? 'Node + Redis' : 'Node, memory stores';
  const deployment = await deploy(kind, upstreamUrl, prefix);
  const { gw } = deployment;
  try {
    const changes = gw.gateway.changes;
    const ids = SYNTHETIC_ECONOMIES.map((e) => `${e.economy.toLowerCase()}-synthetic`);
    const refreshAll = () => Promise.all(ids.map((id) => gw.gateway.federation.refresh(id)));
    const move = async (count: number) => {
      const r = await fetch(`${upstreamUrl}/__control/change?count=${count}`, { method: 'POST' });
      return ((await r.json()) as { changed: string[] }).changed.length;
    };
    // The registration's harvests record their CREATED events after they answer: subscribe once the log is quiet,
    // or every subscription starts with the whole catalogue to deliver.
    for (let last = await changes.head(); ; ) {
      await sleep(2000);
      const head = await changes.head();
      if (head === last) break;
      last = head;
    }
    const subscriptions: string[] = [];
    for (let i = 0; i < SUBSCRIPTIONS; i++) subscriptions.push(await subscribe(gw, `${receiver.url}/s${i}`));
    await sleep(500);

    // 1. Latency: a few events per harvest, from readable in the log to the first attempt's arrival.
    const latencies: number[] = [];
    for (let round = 0; PHASES.includes('latency') && round <= ROUNDS; round++) {
      receiver.send({ type: 'reset' });
      const follow = readableTimes(changes, await changes.head());
      try {
        await move(SYNTHETIC_ECONOMIES.length);
        await refreshAll();
        await sleep(20);
        const expected = follow.seen.size * SUBSCRIPTIONS;
        let got = 0;
        await until(
          `round ${round}'s ${expected} deliveries (${got} came)`,
          async () => (got = (await receiver.count()).count) >= expected,
          60_000 + expected * 20,
        ).catch((error: Error) => {
          throw new Error(`${error.message}: ${got} came`);
        });
      } finally {
        await follow.stop();
      }
      const { receipts } = await receiver.dump();
      if (round === 0) continue;
      for (const r of receipts) {
        const readable = follow.seen.get(r.id);
        if (readable !== undefined) latencies.push(r.at - readable);
      }
    }
    if (PHASES.includes('latency')) {
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      log(`${label}: event readable → first attempt, ${latencies.length} deliveries: p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`);
      rows.push({
        scenario: `10a. webhooks (${label}): harvest event → first delivery attempt, ${SUBSCRIPTIONS} subscriptions`,
        rps: null,
        p50,
        p99,
        ratio: null,
        upstreamRequests: null,
        note: `${ROUNDS} re-harvests of 6 changed prices; from the event readable in the log (polled every 5 ms) to its arrival at the receiver; ${latencies.length} deliveries`,
      });
      floors.push({ name: `webhooks (${label}): event → first attempt p99 ms`, actual: p99, bound: 5000, kind: 'max' });
    }

    // 2. Throughput: one harvest's EVENTS events to every subscription.
    if (PHASES.includes('throughput')) {
      receiver.send({ type: 'reset' });
      const head = await changes.head();
      const moved = await move(EVENTS);
      await refreshAll();
      let written = 0;
      for (let cursor = head, more = true; more; ) {
        const page = await changes.read({ after: cursor, limit: 500 });
        written += page.entries.length;
        cursor = page.next;
        more = page.hasMore;
      }
      const expected = written * SUBSCRIPTIONS;
      const cpuBefore = process.cpuUsage();
      await until(`${expected} deliveries`, async () => (await receiver.count()).count >= expected, 600_000);
      const cpu = process.cpuUsage(cpuBefore);
      const { receipts, overlaps } = await receiver.dump();
      const times = receipts.map((r) => r.at);
      const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
      const rate = receipts.length / seconds;
      const distinct = new Set(receipts.map((r) => `${r.path} ${r.id}`)).size;
      log(`${label}: ${receipts.length} deliveries (${distinct} distinct, ${overlaps} overlapping) in ${seconds.toFixed(1)} s: ${rate.toFixed(0)}/s`);
      rows.push({
        scenario: `10b. webhooks (${label}): deliveries to a local receiver, ${SUBSCRIPTIONS} subscriptions, one instance`,
        rps: rate,
        p50: null,
        p99: null,
        ratio: null,
        upstreamRequests: null,
        cpuUs: ((cpu.user + cpu.system) / receipts.length) | 0,
        note: `deliveries/s, first arrival to last; one harvest of ${moved} changed prices (${written} events) × ${SUBSCRIPTIONS}; ${distinct} distinct of ${receipts.length}; ${overlaps} arrivals while the subscription had one in flight; CPU µs per delivery (gateway process, from the harvest's end)`,
      });
      floors.push(
        { name: `webhooks (${label}): deliveries/s, ${SUBSCRIPTIONS} subscriptions`, actual: rate, bound: 1000, kind: 'min' },
        { name: `webhooks (${label}): deliveries arriving twice or overlapping`, actual: receipts.length - distinct + overlaps, bound: 0, kind: 'max' },
      );
    }
    for (const id of subscriptions) await gw.graphql('mutation($id: ID!) { deleteWebhookSubscription(id: $id) }', { id }, operator);

    // 3. The backlog: BACKLOG events, replayed to one subscription, in order, memory bounded.
    if (PHASES.includes('backlog') && BACKLOG > 0 && (kind === 'redis' || process.env.BENCH_WEBHOOKS_BACKLOG_MEMORY === '1')) {
      receiver.send({ type: 'reset' });
      const from = await changes.head();
      const writeStarted = performance.now();
      let total = 0;
      while (total < BACKLOG) {
        await move(Math.min(PRODUCTS, BACKLOG - total));
        await refreshAll();
        total = 0;
        for (let cursor = from, more = true; more; ) {
          const page = await changes.read({ after: cursor, limit: 500 });
          total += page.entries.length;
          cursor = page.next;
          more = page.hasMore;
        }
      }
      let order: string[] = [];
      for (let cursor = from, more = true; more; ) {
        const page = await changes.read({ after: cursor, limit: 500 });
        for (const e of page.entries) order.push(e.change.id);
        cursor = page.next;
        more = page.hasMore;
      }
      log(`${label}: backlog of ${order.length} events written in ${((performance.now() - writeStarted) / 1000).toFixed(0)} s`);
      const id = await subscribe(gw, `${receiver.url}/backlog`);
      await sleep(500);
      receiver.send({ type: 'expect', path: '/backlog', ids: order });
      const count = order.length;
      order = [];
      const idle = await settledRss();
      let peak = idle;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const started = now();
      const r = await gw.graphql('mutation($id: ID!, $from: String!) { replayWebhookSubscription(id: $id, from: $from) { id } }', { id, from }, operator);
      if (r.errors) throw new Error(`replay: ${JSON.stringify(r.errors)}`);
      let check: OrderCheck | null = null;
      // No fixed deadline: a loaded machine drains slower. It fails only when a minute passes without progress,
      // and says where it stands every 30 s (a run cut short still shows the order and the memory so far).
      let progressAt = Date.now();
      let progressed = 0;
      let toldAt = Date.now();
      try {
        for (;;) {
          check = (await receiver.count()).order;
          const done = check ? check.inOrder + check.wrong : 0;
          if (done >= count) break;
          if (done > progressed) [progressed, progressAt] = [done, Date.now()];
          if (Date.now() - progressAt > 60_000) throw new Error(`the backlog stalled at ${done} of ${count}`);
          if (Date.now() - toldAt > 30_000) {
            toldAt = Date.now();
            log(
              `${label}: backlog ${check?.inOrder ?? 0} in order, ${check?.wrong ?? 0} not, of ${count}; RSS +${((peak - idle) / 1e6).toFixed(0)} MB above idle so far`,
            );
          }
          await sleep(200);
        }
      } finally {
        clearInterval(sampler);
      }
      const c = check as unknown as OrderCheck;
      const drainSeconds = ((c.lastAt ?? now()) - started) / 1000;
      const aboveMb = (peak - idle) / 1e6;
      log(`${label}: backlog ${c.inOrder} in order, ${c.wrong} not, in ${drainSeconds.toFixed(0)} s; RSS +${aboveMb.toFixed(0)} MB above idle`);
      rows.push({
        scenario: `10c. webhooks (${label}): a backlog of ${count} events to one subscription`,
        rps: c.inOrder / drainSeconds,
        p50: null,
        p99: null,
        ratio: null,
        upstreamRequests: null,
        note: `deliveries/s from the replay to the last arrival (${drainSeconds.toFixed(0)} s, WEBHOOK_MAX_RATE ${MAX_RATE}); ${c.inOrder} in the log's order, ${c.wrong} not; resident peak ${(peak / 1048576).toFixed(0)} MiB, +${aboveMb.toFixed(0)} MB above idle (${(idle / 1048576).toFixed(0)} MiB, settled after the backlog was written)`,
      });
      floors.push(
        { name: `webhooks (${label}): backlog delivered in the log's order`, actual: c.inOrder, bound: count, kind: 'min' },
        { name: `webhooks (${label}): backlog deliveries out of order`, actual: c.wrong, bound: 0, kind: 'max' },
        { name: `webhooks (${label}): backlog, resident MB above idle`, actual: aboveMb, bound: 100, kind: 'max' },
      );
    }
    return { rows, floors };
  } finally {
    await Promise.race([deployment.close().catch(() => {}), sleep(5000)]);
  }
}

async function child(): Promise<WebhooksFigures> {
  if (!gc) throw new Error('run with --expose-gc');
  const prefix = `bench:webhooks:${process.pid}:${Date.now()}:`;
  const figures: WebhooksFigures = { rows: [], floors: [] };
  const upstream = await startOnFreePort('bench/synthetic/upstream.ts', ['{port}', String(PRODUCTS)], {}, '/');
  process.once('exit', () => upstream.child.kill('SIGKILL'));
  const receiver = await startReceiver();
  process.once('exit', () => receiver.child.kill('SIGKILL'));
  try {
    for (const kind of STORES) {
      const part = await runDeployment(kind, upstream.url, receiver, prefix);
      figures.rows.push(...part.rows);
      figures.floors.push(...part.floors);
    }
    return figures;
  } finally {
    receiver.child.kill('SIGTERM');
    await upstream.stop();
    await deleteRunKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix).catch(() => {});
  }
}

runAsChild(child);
