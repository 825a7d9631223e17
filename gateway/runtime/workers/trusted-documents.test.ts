import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../graphql/plugins/use-automatic-persisted-queries';
import { createLogger } from '../../log';
import { bundledTrustedDocuments, PERSISTED_DOCUMENTS_MODULE } from './trusted-documents';

/** The documents test/edge-trusted-documents.test.ts bundles into the Worker. */
const FIXTURE = JSON.parse(readFileSync('test/fixtures/persisted-documents.json', 'utf8')) as Record<string, string>;
const EMPTY = JSON.parse(readFileSync('gateway/runtime/workers/no-persisted-documents.json', 'utf8')) as unknown;

/** The real logger, writing its JSON lines into an array. */
function recordingLog() {
  const lines: { level: string; message: string; [field: string]: unknown }[] = [];
  return { lines, log: createLogger('debug', (line) => lines.push(JSON.parse(line))) };
}

describe('bundledTrustedDocuments', () => {
  it('has none in the default build, and says nothing', async () => {
    expect(EMPTY).toEqual({});
    const { lines, log } = recordingLog();
    expect(await bundledTrustedDocuments({ bundled: EMPTY, config: { PERSISTED_DOCUMENTS: 'allowed' }, log })).toBeUndefined();
    expect(lines).toEqual([]);
  });

  it('refuses PERSISTED_DOCUMENTS=required without documents, naming the alias to set', async () => {
    const { log } = recordingLog();
    await expect(bundledTrustedDocuments({ bundled: EMPTY, config: { PERSISTED_DOCUMENTS: 'required' }, log })).rejects.toThrow(
      `PERSISTED_DOCUMENTS=required needs trusted documents: on Workers they are bundled at build time; point wrangler.toml's [alias] "${PERSISTED_DOCUMENTS_MODULE}"`,
    );
  });

  it("serves the bundled file's documents by either spelling of their ids", async () => {
    const { lines, log } = recordingLog();
    const documents = await bundledTrustedDocuments({ bundled: FIXTURE, config: { PERSISTED_DOCUMENTS: 'required' }, log });
    for (const [id, text] of Object.entries(FIXTURE)) {
      const bare = id.replace(/^sha256:/, '');
      expect(documents?.get(bare)).toBe(text);
      expect(documents?.get(`sha256:${bare}`)).toBe(text);
    }
    expect(documents?.get('0'.repeat(64))).toBeUndefined();
    expect(lines).toMatchObject([{ level: 'info', message: 'trusted documents bundled', documents: 2, required: true }]);
  });

  it('refuses a bundled id that is not the hash of its text, as Node refuses the file', async () => {
    const { log } = recordingLog();
    const text = '{ economies { code } }';
    const other = await sha256Hex('{ categories { code } }');
    await expect(bundledTrustedDocuments({ bundled: { [other]: text }, config: { PERSISTED_DOCUMENTS: 'allowed' }, log })).rejects.toThrow(
      `${PERSISTED_DOCUMENTS_MODULE} (bundled): PERSISTED_DOCUMENTS_FILE: the id ${other} is not the SHA-256 of its document text`,
    );
  });

  it('refuses a bundle that is no object of ids to texts', async () => {
    const { log } = recordingLog();
    for (const bundled of [['{ economies { code } }'], 'text', null, { id: 42 }]) {
      await expect(bundledTrustedDocuments({ bundled, config: { PERSISTED_DOCUMENTS: 'allowed' }, log })).rejects.toThrow(
        'must be a JSON object of document ids to document texts',
      );
    }
  });

  it('warns once that PERSISTED_DOCUMENTS_FILE is not read on Workers, and goes on', async () => {
    const { lines, log } = recordingLog();
    const file = '/etc/ovop/persisted-documents.json';
    const config = { PERSISTED_DOCUMENTS: 'allowed' as const, PERSISTED_DOCUMENTS_FILE: file };
    expect(await bundledTrustedDocuments({ bundled: EMPTY, config, log })).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', file });
    expect(lines[0]!.message).toContain('bundled at build time (docs/deploy-workers.md)');
  });
});
