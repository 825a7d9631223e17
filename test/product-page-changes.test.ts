import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FILES } from '../connectors/samples/samples';
import { readSampleFromDisk } from '../gateway/runtime/node/samples';
import { startGateway, type TestGateway } from './helpers/gateway';

let gw: TestGateway;
/** Edits made to Oita's CSV (Shift_JIS: ASCII edits only) before the gateway reads it. */
let edits: Array<(text: string) => string> = [];

beforeAll(async () => {
  gw = await startGateway(
    {},
    {
      readSample: async (path) => {
        const bytes = await readSampleFromDisk(path);
        if (path !== SAMPLE_FILES.jp || edits.length === 0) return bytes;
        const text = edits.reduce((t, edit) => edit(t), Buffer.from(bytes).toString('latin1'));
        const out = Buffer.from(text, 'latin1');
        return new Uint8Array(out.buffer, out.byteOffset, out.byteLength) as Uint8Array<ArrayBuffer>;
      },
    },
  );
  await gw.gateway.federation.index();
});
afterAll(() => gw.close());

const page = async (id: string, lang: string) =>
  (await fetch(`${gw.url}/products/${encodeURIComponent(id)}?lang=${lang}`, { headers: { accept: 'text/html' } })).text();

describe('a product page says when the product last changed, and what changed', () => {
  it('after a harvest that moved its price: the date, the aspect and the path, in the page language', async () => {
    const head = await gw.gateway.changes.head();
    // Pages rendered (and kept) before the change must not be served after it.
    const oita = Array.from({ length: 5 }, (_, i) => `jp-ovop:OITA-000${i + 1}`);
    for (const id of oita) expect(await page(id, 'en')).not.toContain('Last changed');
    edits = [(t) => t.replace('"1,200', '"1,350')];
    await gw.gateway.federation.refresh('jp-ovop');
    const updated = (await gw.gateway.changes.read({ after: head, limit: 500 })).entries.map((e) => e.change).find((c) => c.type === 'UPDATED');
    expect(updated?.changes.map((c) => c.path)).toContain('price.amount');
    const id = updated!.productId;
    expect(oita).toContain(id);
    const english = await page(id, 'en');
    expect(english).toContain(`Last changed ${updated!.occurredAt.slice(0, 10)}: price.`);
    expect(english).toContain('<code>price.amount</code>');
    const japanese = await page(id, 'ja');
    expect(japanese).toContain(`最終変更 ${updated!.occurredAt.slice(0, 10)}：価格`);
    // A product the harvest did not change says nothing of a change.
    for (const other of oita.filter((o) => o !== id)) expect(await page(other, 'en')).not.toContain('Last changed');
  });
});
