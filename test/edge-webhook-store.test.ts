import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_dev, type Unstable_DevWorker } from 'wrangler';
import { createDurableWebhookStore } from '../gateway/runtime/workers/durable-webhook-store';
import type { ObjectNamespace, WebhookDirectoryStub, WebhookSubscriptionStub } from '../gateway/runtime/workers/webhook-objects';
import { webhookStoreContract } from '../gateway/webhooks/store.contract';
import { until } from './helpers/until';

/**
 * The webhook store of the Workers build under the store contract: the real adapter
 * (durable-webhook-store.ts) runs here in Node, and each of its calls to a Durable Object goes as
 * JSON over HTTP to a test Worker (test/fixtures/webhook-store-worker.ts) that makes it on the real
 * object in workerd. Each harness has a directory of its own; the objects' storage is persisted to
 * a temporary folder, which is what the contract's dump reads. The due set and leases are the
 * objects' alarms there, so those parts of the contract are skipped (docs/decisions/0021).
 */

let worker: Unstable_DevWorker;
let dir: string;
let harnesses = 0;

beforeAll(async () => {
  process.env.WRANGLER_SEND_METRICS = 'false';
  dir = mkdtempSync(join(tmpdir(), 'ovop-webhook-store-'));
  // '' builds the config's own `main`, relative to the config, so its [alias] resolves there too.
  worker = await unstable_dev('', {
    config: 'test/fixtures/wrangler.webhook-store.toml',
    ip: '127.0.0.1',
    port: 0,
    inspectorPort: 0,
    persist: true,
    persistTo: dir,
    logLevel: 'error',
    experimental: { disableExperimentalWarning: true },
  });
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A namespace whose stubs forward every call to the test Worker; `prefix` keeps one harness's objects apart. */
function remote<Stub>(binding: 'WEBHOOKS' | 'WEBHOOK_DIRECTORY', prefix = ''): ObjectNamespace<Stub> {
  return {
    idFromName: (name) => `${prefix}${name}`,
    get: (id) =>
      new Proxy(
        {},
        {
          get:
            (_, method) =>
            async (...args: unknown[]) => {
              const response = await fetch(`http://127.0.0.1:${worker.port}/`, {
                method: 'POST',
                body: JSON.stringify({ binding, name: id, method, args }),
              });
              const body = (await response.json()) as { result?: unknown; error?: string };
              if (body.error) throw new Error(body.error);
              return body.result;
            },
        },
      ) as Stub,
  };
}

/** Every file under the persisted folder, as Latin-1 text: the objects' SQLite databases. */
function everythingUnder(folder: string): string {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

describe('the Durable Object webhook store: the contract, in workerd', () => {
  webhookStoreContract(
    async () => {
      const directory = remote<WebhookDirectoryStub>('WEBHOOK_DIRECTORY', `contract-${process.pid}-${harnesses++}-`);
      const subscriptions = remote<WebhookSubscriptionStub>('WEBHOOKS');
      return {
        open: async ({ secrets }) => createDurableWebhookStore({ subscriptions, directory, secrets }),
        dump: async () => everythingUnder(dir),
      };
    },
    { dueSet: false },
  );
});

describe('the webhook directory: the wake', () => {
  it('tells every subscription, over more than one alarm run (200 each), once per wake', { timeout: 120_000 }, async () => {
    const directory = remote<WebhookDirectoryStub>('WEBHOOK_DIRECTORY', `fan-out-${process.pid}-`).get('directory');
    const objects = remote<WebhookSubscriptionStub & { wakes(): Promise<number> }>('WEBHOOKS');
    const ids = Array.from({ length: 210 }, (_, i) => `wh_fan-${process.pid}-${String(i).padStart(3, '0')}`);
    for (let i = 0; i < ids.length; i += 50) {
      const added = await Promise.all(ids.slice(i, i + 50).map((id, j) => directory.add(id, 'o', i + j, 10_000)));
      expect(added.every(Boolean)).toBe(true);
    }
    const wakes = async () => {
      const counts: number[] = [];
      for (let i = 0; i < ids.length; i += 50) counts.push(...(await Promise.all(ids.slice(i, i + 50).map((id) => objects.get(id).wakes()))));
      return counts;
    };
    await directory.wake();
    await until('every subscription told once', async () => (await wakes()).every((n) => n === 1), { timeout: 60_000, interval: 1000 });
    await directory.wake();
    await until('every subscription told twice', async () => (await wakes()).every((n) => n === 2), { timeout: 60_000, interval: 1000 });
    // The directory's bound: the caller's max is refused past.
    expect(await directory.add('wh_one-too-many', 'o', 0, 210)).toBe(false);
    expect(await directory.count('o')).toBe(210);
  });
});
