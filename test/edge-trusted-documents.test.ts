import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_dev, type Unstable_DevWorker } from 'wrangler';

/**
 * Trusted documents on Cloudflare Workers (docs/contract.md, "Persisted documents";
 * docs/deploy-workers.md): Workers have no file system at run time, so the documents file is
 * bundled at build time through wrangler's `ovop-persisted-documents` alias. In the real Workers
 * runtime: a build with test/fixtures/persisted-documents.json bundled (its own wrangler config,
 * test/fixtures/wrangler.trusted-documents.toml, as a deployment would have) and
 * PERSISTED_DOCUMENTS=required runs ids over POST and GET and refuses unknown ids and texts; the
 * default build (wrangler.toml, no documents) refuses to run with PERSISTED_DOCUMENTS=required.
 * test/edge.test.ts runs the default build with texts.
 */

const FIXTURE = JSON.parse(readFileSync('test/fixtures/persisted-documents.json', 'utf8')) as Record<string, string>;
const idOf = (text: string) => Object.keys(FIXTURE).find((id) => FIXTURE[id] === text)!;
const ECONOMIES = 'query Economies { economies { code programme } }';
const CATEGORIES = 'query Categories($lang: String) { categories(lang: $lang) { code label } }';

/**
 * The gateway's Worker in workerd, built from `config` and run with `vars`. No script is named (''), so
 * wrangler builds the config's `main`, as `wrangler deploy --config` does: the config's aliases then
 * resolve from its own folder, as a deployment's do.
 */
async function startWorker(config: string, vars: Record<string, string>): Promise<Unstable_DevWorker> {
  process.env.WRANGLER_SEND_METRICS = 'false';
  return unstable_dev('', {
    config,
    ip: '127.0.0.1',
    port: 0,
    inspectorPort: 0,
    persist: false,
    logLevel: 'error',
    vars,
    experimental: { disableExperimentalWarning: true },
  });
}

let bundled: Unstable_DevWorker;
let unbundled: Unstable_DevWorker;
beforeAll(async () => {
  [bundled, unbundled] = await Promise.all([
    startWorker('test/fixtures/wrangler.trusted-documents.toml', { PERSISTED_DOCUMENTS: 'required' }),
    startWorker('wrangler.toml', { PERSISTED_DOCUMENTS: 'required' }),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([bundled?.stop(), unbundled?.stop()]);
});

const urlOf = (worker: Unstable_DevWorker) => `http://127.0.0.1:${worker.port}/graphql`;
const post = async (worker: Unstable_DevWorker, body: unknown) => {
  const response = await fetch(urlOf(worker), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, body: (await response.json()) as any };
};
const codesOf = (body: any) => (body.errors ?? []).map((error: any) => error.extensions?.code);

describe('trusted documents bundled into the Worker, PERSISTED_DOCUMENTS=required', () => {
  it('runs a document by its id over POST, with or without the sha256: prefix', async () => {
    const bare = await post(bundled, { documentId: idOf(ECONOMIES) });
    expect(bare.status).toBe(200);
    expect(bare.body.errors).toBeUndefined();
    expect(bare.body.data.economies.length).toBeGreaterThan(3);
    const prefixed = await post(bundled, { documentId: `sha256:${idOf(ECONOMIES)}` });
    expect(prefixed.body.data).toEqual(bare.body.data);

    const categoriesId = idOf(CATEGORIES);
    expect(categoriesId.startsWith('sha256:')).toBe(true);
    const categories = await post(bundled, { documentId: categoriesId.slice('sha256:'.length), variables: { lang: 'ja' } });
    expect(categories.body.errors).toBeUndefined();
    expect(categories.body.data.categories.length).toBeGreaterThan(3);
  });

  it('runs a document by its id over GET, with variables', async () => {
    const variables = encodeURIComponent(JSON.stringify({ lang: 'th' }));
    const response = await fetch(`${urlOf(bundled)}?documentId=${idOf(CATEGORIES)}&variables=${variables}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(20_000),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.categories.length).toBeGreaterThan(3);
  });

  it('refuses an unknown id with PERSISTED_DOCUMENT_NOT_FOUND, an object property name or a long id too', async () => {
    for (const documentId of ['f'.repeat(64), `sha256:${'0'.repeat(64)}`, '__proto__', 'constructor', 'toString', 'x'.repeat(20_000)]) {
      const unknown = await post(bundled, { documentId });
      expect(unknown.body.data).toBeUndefined();
      expect(codesOf(unknown.body)).toEqual(['PERSISTED_DOCUMENT_NOT_FOUND']);
    }
  });

  it('refuses a query text with PERSISTED_DOCUMENT_REQUIRED, even the text of a trusted document', async () => {
    for (const query of [ECONOMIES, '{ categories { code } }']) {
      const text = await post(bundled, { query });
      expect(text.body.data).toBeUndefined();
      expect(codesOf(text.body)).toEqual(['PERSISTED_DOCUMENT_REQUIRED']);
    }
  });
});

describe('the default build (no documents bundled)', () => {
  it('refuses to run with PERSISTED_DOCUMENTS=required, and says how to bundle documents', async () => {
    // The dev server answers a Worker's uncaught error with its text (production answers error 1101).
    const response = await fetch(urlOf(unbundled), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ economies { code } }' }),
      signal: AbortSignal.timeout(20_000),
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('PERSISTED_DOCUMENTS=required needs trusted documents');
    expect(text).toContain('ovop-persisted-documents');
  });
});

describe("wrangler's --alias on the command line", () => {
  it('bundles the documents with `wrangler versions upload` (docs/deploy-workers.md)', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ovop-trusted-bundle-'));
    try {
      const alias = 'ovop-persisted-documents:./test/fixtures/persisted-documents.json';
      await promisify(execFile)('node_modules/.bin/wrangler', ['versions', 'upload', '--dry-run', '--outdir', outdir, '--alias', alias], {
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      });
      const worker = readFileSync(join(outdir, 'worker.js'), 'utf8');
      for (const text of Object.values(FIXTURE)) expect(worker).toContain(JSON.stringify(text));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});
