import { describe, expect, it } from 'vitest';
import type { Connector } from '../../connectors/core/connector';
import type { CanonicalProduct } from '../../schemas/product';
import { createMemoryChangeLog } from '../changes/memory-change-log';
import { catalogueOf } from './catalogue/snapshot-catalogue';
import { SourceDigestsBuilder } from '../changes/source-digests';
import { CatalogueBuilder } from './catalogue/snapshot-catalogue';
import { ChangeRecording, itemsOf, productsOf } from './change-recording';
import type { ConnectorState } from './connector-table';
import type { Snapshot } from './snapshot';

const product = (n: number, price = '1200'): CanonicalProduct => ({
  id: `jp-ovop:P-${n}`,
  connector: 'jp-ovop',
  localId: `P-${n}`,
  economy: 'JP',
  programme: 'OVOP',
  language: 'ja',
  name: { ja: `柚子胡椒 ${n}` },
  category: 'FOOD',
  price: { amount: price, currency: 'JPY' },
  origin: { country: 'JP', region: 'Ōita' },
  allergens: [],
  labelLanguages: ['ja'],
  images: [],
  marketplaces: [],
  certifications: [],
});
const range = (n: number) => Array.from({ length: n }, (_, i) => product(i + 1));

async function snapshotOf(products: CanonicalProduct[], truncated?: string): Promise<Snapshot> {
  return {
    connector: 'jp-ovop',
    catalogue: await catalogueOf(products),
    quarantined: [],
    records: products.length,
    fetchedAt: '2026-12-01T09:00:00Z',
    truncated,
  };
}

function setup(options: Partial<ConstructorParameters<typeof ChangeRecording>[0]> = {}) {
  const log = createMemoryChangeLog();
  const logged: string[] = [];
  const written: string[] = [];
  const recording = new ChangeRecording({
    log,
    clock: () => new Date('2026-12-01T09:00:00Z'),
    logger: (_, message) => void logged.push(message),
    onWritten: (changes) => void written.push(...changes.map((c) => c.type)),
    ...options,
  });
  const state = { connector: { id: 'jp-ovop', economy: 'JP' } as Connector } as ConnectorState;
  const all = async () => (await log.read({ limit: 500 })).entries.map((e) => `${e.change.type} ${e.change.productId}`);
  return { log, logged, written, recording, state, all };
}

describe('productsOf', () => {
  it('walks every document of a snapshot, in block batches, afresh each time it is iterated', async () => {
    const products = range(150);
    const { catalogue } = await snapshotOf(products);
    const ids = async () => {
      const seen: string[] = [];
      for await (const p of productsOf(catalogue)) seen.push(p.id);
      return seen.sort();
    };
    const first = await ids();
    expect(first).toEqual(products.map((p) => p.id).sort());
    expect(await ids()).toEqual(first);
  });
});

describe('itemsOf', () => {
  it("gives the harvest's digests, the same as those of the documents read back, and each product on demand", async () => {
    const products = range(40).reverse();
    const sources = new SourceDigestsBuilder();
    const builder = new CatalogueBuilder({ onDocument: (json) => sources.add(json) });
    for (const p of products) builder.add(p);
    const catalogue = await builder.finish();
    const items = async (snapshot: Parameters<typeof itemsOf>[0]) => {
      const seen: [string, string, string][] = [];
      for await (const item of itemsOf(snapshot)) seen.push([item.id, item.source, (await item.product()).id]);
      return seen;
    };
    const harvested = await items({ catalogue, sources: sources.finish() });
    // In the order harvested, each product's own digest.
    expect(harvested.map(([id, , product]) => [id, product])).toEqual(products.map((p) => [p.id, p.id]));
    expect(new Set(harvested.map(([, source]) => source)).size).toBe(40);
    expect(await items({ catalogue })).toEqual(harvested);
  });
});

describe('ChangeRecording', () => {
  it('records a snapshot once, however often asked, and nothing for one already recorded', async () => {
    const { recording, state, all, written } = setup();
    state.snapshot = await snapshotOf(range(3));
    await Promise.all([recording.record(state, () => true), recording.record(state, () => true)]);
    expect(await all()).toEqual(['CREATED jp-ovop:P-1', 'CREATED jp-ovop:P-2', 'CREATED jp-ovop:P-3']);
    await recording.record(state, () => true);
    expect(written).toEqual(['CREATED', 'CREATED', 'CREATED']);
  });

  it('removes nothing on a truncated snapshot, and records the connector removal as REMOVED each', async () => {
    const { recording, state, all } = setup();
    state.snapshot = await snapshotOf(range(3));
    await recording.record(state, () => true);
    state.snapshot = await snapshotOf([product(1, '1500')], 'stopped at the page cap');
    await recording.record(state, () => true);
    expect((await all()).slice(3)).toEqual(['UPDATED jp-ovop:P-1']);
    await recording.remove(state);
    expect((await all()).slice(4).sort()).toEqual(['REMOVED jp-ovop:P-1', 'REMOVED jp-ovop:P-2', 'REMOVED jp-ovop:P-3']);
  });

  it('records snapshots of one connector in the order they were adopted, and nothing once it is gone', async () => {
    const { recording, state, all } = setup();
    const [one, two] = await Promise.all([snapshotOf(range(2)), snapshotOf([product(1, '1300'), product(2)])]);
    state.snapshot = one;
    const first = recording.record(state, () => true);
    state.snapshot = two;
    await Promise.all([first, recording.record(state, () => true)]);
    // The first call ran once the second snapshot was adopted: it recorded that one, and the second call had nothing left.
    expect(await all()).toEqual(['CREATED jp-ovop:P-1', 'CREATED jp-ovop:P-2']);
    state.snapshot = await snapshotOf(range(1));
    await recording.record(state, () => false);
    expect(await all()).toHaveLength(2);
  });

  it('writes exactly one event per product whose JSON moved, round after round, from the harvest or a shared snapshot', async () => {
    const { recording, state, log } = setup();
    const prices = range(300).map(() => 1200);
    const harvest = async (shared: boolean) => {
      const products = prices.map((price, i) => product(i + 1, String(price)));
      const sources = new SourceDigestsBuilder();
      const builder = new CatalogueBuilder(shared ? {} : { onDocument: (json) => sources.add(json) });
      for (const p of products) builder.add(p);
      const snapshot = await snapshotOf([]);
      state.snapshot = { ...snapshot, catalogue: await builder.finish(), records: products.length, ...(!shared && { sources: sources.finish() }) };
      const head = await log.head();
      await recording.record(state, () => true);
      return (await log.read({ after: head, limit: 500 })).entries.map((e) => `${e.change.type} ${e.change.productId}`);
    };
    expect(await harvest(false)).toHaveLength(300);
    for (const [round, shared] of [false, true, false, true, true].entries()) {
      const moved = [round * 7, 100 + round, 299 - round];
      for (const i of moved) prices[i]! += 10;
      expect((await harvest(shared)).sort()).toEqual(moved.map((i) => `UPDATED jp-ovop:P-${i + 1}`).sort());
      // Nothing moved: nothing written, whichever way the snapshot came.
      expect(await harvest(!shared)).toEqual([]);
    }
  });

  it('reads each block holding a moved product once in a re-harvest, and none when nothing moved (the harvest path)', async () => {
    // No sweep after the harvest: what detection reads is counted alone.
    const { recording, state, log } = setup({ harvestSweepEvaluations: 0 });
    const prices = range(320).map(() => 1200);
    let blockReads = 0;
    const harvest = async () => {
      const sources = new SourceDigestsBuilder();
      const builder = new CatalogueBuilder({ onDocument: (json) => sources.add(json) });
      for (const [i, price] of prices.entries()) builder.add(product(i + 1, String(price)));
      const catalogue = await builder.finish();
      const readMany = catalogue.blocks.readMany.bind(catalogue.blocks);
      catalogue.blocks.readMany = (blocks) => {
        blockReads += blocks.length;
        return readMany(blocks);
      };
      state.snapshot = { ...(await snapshotOf([])), catalogue, records: prices.length, sources: sources.finish() };
      blockReads = 0;
      const head = await log.head();
      await recording.record(state, () => true);
      return (await log.read({ after: head, limit: 500 })).entries.length;
    };
    expect(await harvest()).toBe(320);
    // Three products of the first block (16 a block, in the harvest's order) and one of the last.
    for (const i of [0, 5, 15, 319]) prices[i]! += 10;
    expect(await harvest()).toBe(4);
    expect(blockReads).toBe(2);
    expect(await harvest()).toBe(0);
    expect(blockReads).toBe(0);
  });

  it("reads the connector's digests in pieces: its batch looked up, then walked for the removals and for the sweep, which sees the new rows", async () => {
    const { recording, state, log } = setup();
    let lookups = 0;
    let walks = 0;
    const digestsOf = log.digestsOf.bind(log);
    log.digestsOf = (...args) => {
      lookups++;
      return digestsOf(...args);
    };
    const digestPage = log.digestPage.bind(log);
    log.digestPage = (connector, economy, options) => {
      if (!options?.after) walks++;
      return digestPage(connector, economy, options);
    };
    // A halal certificate within the notice: the sweep after the harvest must see the new row's digest.
    const expiring = { ...product(2), certifications: [{ scheme: 'HALAL' as const, id: 'H-2', issuer: 'JAKIM', validUntil: '2026-12-20' }] };
    state.snapshot = await snapshotOf([product(1), expiring]);
    await recording.record(state, () => true);
    // No Recorded.after any more: the sweep walks the log's pages rather than a map the recording kept.
    expect([lookups, walks]).toEqual([1, 2]);
    const types = (await log.read({ limit: 500 })).entries.map((e) => `${e.change.type} ${e.change.productId}`);
    expect(types.sort()).toEqual(['CERTIFICATE_EXPIRING jp-ovop:P-2', 'CREATED jp-ovop:P-1', 'CREATED jp-ovop:P-2']);
  });

  it('connectors recorded together share one trim of the log, and a later recording trims again', async () => {
    const { log, recording, all } = setup();
    let trims = 0;
    const trim = log.trim.bind(log);
    // A trim that takes a while, as one over the network does: the second connector's comes while it is under way.
    log.trim = async () => {
      trims++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return trim();
    };
    const states = await Promise.all(
      ['jp-ovop', 'jp-oita'].map(
        async (id) =>
          ({
            connector: { id, economy: 'JP' } as Connector,
            snapshot: await snapshotOf(range(2).map((p) => ({ ...p, id: `${id}:${p.localId}`, connector: id }))),
          }) as ConnectorState,
      ),
    );
    await Promise.all(states.map((state) => recording.record(state, () => true)));
    expect(await all()).toHaveLength(4);
    expect(trims).toBe(1);
    states[0]!.snapshot = await snapshotOf(range(3));
    await recording.record(states[0]!, () => true);
    expect(trims).toBe(2);
  });

  it('logs a failed recording and tries the same snapshot again next time', async () => {
    const { recording, state, all, log, logged } = setup();
    state.snapshot = await snapshotOf(range(2));
    const append = log.append;
    log.append = async () => {
      throw new Error('store away');
    };
    await recording.record(state, () => true);
    expect(logged).toContain('recording the harvest in the change log failed');
    log.append = append;
    await recording.record(state, () => true);
    expect(await all()).toHaveLength(2);
  });
});
