import type { Server } from 'node:http';
import type { Logger } from '../../log';

export interface DrainOptions {
  server: Server;
  /** How long new connections are still accepted after /readyz turns 503 (load balancers notice). */
  graceMs: number;
  /** Longest wait for requests in flight; then their connections are closed. */
  timeoutMs: number;
  log: Logger;
  /** Marks the gateway as draining (/readyz answers 503). */
  begin: () => void;
  /** Stops background work (the webhook dispatcher, its deliveries in flight finishing) while requests drain. */
  stop?: () => Promise<void>;
  /** Releases what the gateway holds (trace export, Redis) once no request is in flight. */
  close: () => Promise<void>;
}

/**
 * Graceful shutdown on SIGTERM and SIGINT: /readyz answers 503 at once; new connections are
 * refused after `graceMs`; requests in flight and the background work `stop` ends (webhook
 * deliveries) finish (up to `timeoutMs`); then Redis quits and the process exits 0. Further signals while it drains change nothing.
 */
export function drainOnSignals(options: DrainOptions): void {
  const { server, log } = options;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => {
      if (--inFlight === 0) idle?.();
    });
  });

  const drain = async (signal: string) => {
    log('info', 'shutting down: readiness is now 503', { signal, inFlight, graceMs: options.graceMs, timeoutMs: options.timeoutMs });
    options.begin();
    await sleep(options.graceMs);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const requests = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
    const stopped = (options.stop?.() ?? Promise.resolve()).catch((error: Error) => log('warn', 'stopping background work failed', { error: error.message }));
    const finished = Promise.all([requests, stopped]);
    const timedOut = await Promise.race([finished.then(() => false), sleep(options.timeoutMs).then(() => true)]);
    if (timedOut) log('warn', 'shutdown timeout: closing requests (and webhook deliveries) still in flight', { inFlight });
    server.closeAllConnections();
    await closed;
    await options.close().catch((error: Error) => log('warn', 'closing stores failed', { error: error.message }));
    log('info', 'shut down');
    process.exit(0);
  };

  // One drain, however many signals arrive: a terminal's Ctrl-C reaches both npm and this process,
  // and npm forwards its own copy, so two SIGINTs together are the normal case, not impatience.
  // A drain that hangs ends at `timeoutMs`; SIGKILL remains for whoever cannot wait.
  let draining = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (draining) {
        log('debug', 'already draining: signal noted', { signal });
        return;
      }
      draining = true;
      void drain(signal);
    });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
