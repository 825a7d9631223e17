import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_dev, type Unstable_DevWorker } from 'wrangler';

let worker: Unstable_DevWorker;

beforeAll(async () => {
  process.env.WRANGLER_SEND_METRICS = 'false';
  // '' builds the config's own `main`, relative to the config (as `wrangler deploy --config` does).
  worker = await unstable_dev('', {
    config: 'test/fixtures/webhooks/wrangler.toml',
    ip: '127.0.0.1',
    port: 0,
    inspectorPort: 0,
    persist: false,
    logLevel: 'error',
    experimental: { disableExperimentalWarning: true },
  });
});
afterAll(async () => {
  await worker?.stop();
});

describe('webhook signing in the Workers runtime (workerd)', () => {
  it('bundles standardwebhooks without node: built-ins, and signs what Node verifies, with two signatures during a rotation', async () => {
    const body = JSON.stringify({ specversion: '1.0', id: 'evt_edge', data: { name: 'Kain tenun 🧵' } });
    const response = await fetch(`http://127.0.0.1:${worker.port}/`, { method: 'POST', body });
    const { secret, headers } = (await response.json()) as { secret: string; headers: Record<string, string> };
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });
});
