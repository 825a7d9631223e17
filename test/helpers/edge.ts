import { unstable_dev, type Unstable_DevWorker } from 'wrangler';

export interface EdgeGateway {
  url: string;
  worker: Unstable_DevWorker;
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ data?: T; errors?: any[] }>;
  close(): Promise<void>;
}

/** Where an edge gateway's configuration and state come from, and what it lets a test drive. */
export interface EdgeGatewayOptions {
  /** A wrangler configuration (test/fixtures/…). @default 'wrangler.toml' */
  config?: string;
  /**
   * A folder for its KV namespaces and Durable Objects' SQLite files, kept across restarts (a
   * gateway started again on the same folder finds them); none: nothing is persisted.
   */
  persistTo?: string;
  /** Answers `GET /__scheduled`, which runs the Cron Trigger's handler (wrangler's --test-scheduled). @default false */
  testScheduled?: boolean;
}

/** The gateway in the real Workers runtime (workerd, through wrangler's dev server), with `vars`. */
export async function startEdgeGateway(vars: Record<string, string> = {}, options: EdgeGatewayOptions = {}): Promise<EdgeGateway> {
  process.env.WRANGLER_SEND_METRICS = 'false';
  // With a config of its own, no script is named (''): wrangler builds the config's `main`, and its aliases resolve from its folder.
  const worker = await unstable_dev(options.config ? '' : 'gateway/runtime/workers/worker.ts', {
    config: options.config ?? 'wrangler.toml',
    ip: '127.0.0.1',
    port: 0,
    inspectorPort: 0,
    ...(options.persistTo ? { persist: true, persistTo: options.persistTo } : { persist: false }),
    logLevel: 'error',
    vars,
    experimental: { disableExperimentalWarning: true, ...(options.testScheduled && { testScheduled: true }) },
  });
  const url = `http://127.0.0.1:${worker.port}`;
  return {
    url,
    worker,
    async graphql(query, variables, headers = {}) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    close: () => worker.stop(),
  };
}
