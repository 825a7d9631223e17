import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../schemas/product';
import type { ConnectorState } from './change-log';
import { detectChanges, FLUSH_COMMITS, removeConnector } from './detect';
import { createMemoryChangeLog } from './memory-change-log';
import { priorOf } from './prior-state';
import { recordConnectorRemoval, recordHarvest, recordSweep } from './record';

const NOW = new Date('2026-12-01T09:00:00Z');
const product = (n: number, over: Partial<CanonicalProduct> = {}): CanonicalProduct => ({
  id: `jp-ovop:P-${n}`,
  connector: 'jp-ovop',
  localId: `P-${n}`,
  economy: 'JP',
  programme: 'OVOP',
  language: 'ja',
  name: { ja: `柚子胡椒 ${n}` },
  category: 'FOOD',
  price: { amount: '1200', currency: 'JPY' },
  origin: { country: 'JP', region: 'Ōita' },
  allergens: [],
  labelLanguages: ['ja'],
  images: [],
  marketplaces: [],
  certifications: [],
  ...over,
});
/** A product with everything the destination rules read: READY for MY while its label has English or Malay. */
const complete = (over: Partial<CanonicalProduct> = {}) =>
  product(1, {
    hsCode: '210390',
    gtin: '4901234567894',
    netContent: { value: '80', unit: 'GRM' },
    ingredients: { ja: '柚子、唐辛子、塩' },
    shelfLifeDays: 365,
    labelLanguages: ['ja', 'en', 'ms'],
    ...over,
  });
const range = (n: number) => Array.from({ length: n }, (_, i) => product(i + 1));
const empty: ConnectorState = { rows: new Map(), held: null };
const input = { connector: 'jp-ovop', economy: 'JP', now: NOW };

describe('detectChanges', () => {
  it('writes CREATED for a new product, with its version, aspects and the row it leaves', async () => {
    const { commits } = await detectChanges({ ...input, harvest: { complete: true, products: [product(1)] }, previous: empty });
    expect(commits).toHaveLength(1);
    const [commit] = commits;
    expect(commit!.events).toEqual([
      expect.objectContaining({
        type: 'CREATED',
        productId: 'jp-ovop:P-1',
        version: 1,
        changes: [],
        aspects: ['CONTENT', 'PRICE', 'COMPLIANCE'],
        category: 'FOOD',
      }),
    ]);
    // Its first compliance status is the sweep's to record, off the harvest's path.
    expect(commit!.row).toEqual({
      productId: 'jp-ovop:P-1',
      version: 1,
      hash: expect.stringMatching(/^[0-9a-f]{16}$/),
      fields: expect.any(Object),
      // The digest of the product's JSON: the next harvest compares it first.
      source: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it('writes nothing for unchanged products, however recently fetched', async () => {
    const log = createMemoryChangeLog();
    await recordHarvest(log, { ...input, harvest: { complete: true, products: range(3) } });
    const refetched = range(3).map((p) => ({ ...p, fetchedAt: '2026-12-02T00:00:00Z' }) as CanonicalProduct);
    const again = await detectChanges({ ...input, harvest: { complete: true, products: refetched }, previous: await log.state('jp-ovop', 'JP') });
    expect(again.commits).toEqual([]);
  });

  it('reads whole rows only for products whose JSON moved, and refreshes a row whose digest alone moved', async () => {
    const log = createMemoryChangeLog();
    await recordHarvest(log, { ...input, harvest: { complete: true, products: range(50) } });
    const asked: string[] = [];
    const prior = async () => {
      const previous = await priorOf(log, 'jp-ovop', 'JP');
      return { ...previous, rows: (ids: readonly string[]) => (asked.push(...ids), previous.rows(ids)) };
    };
    const repriced = range(50).map((p, i) => (i === 7 ? product(8, { price: { amount: '1350', currency: 'JPY' } }) : p));
    const detection = await detectChanges({ ...input, harvest: { complete: true, products: repriced }, previous: await prior() });
    expect(asked).toEqual(['jp-ovop:P-8']);
    expect(detection.commits.map((c) => c.events.map((e) => [e.type, e.productId]))).toEqual([[['UPDATED', 'jp-ovop:P-8']]]);
    // The same content in other JSON (keys in another order): no event, the row's digest refreshed once.
    const reordered = range(50).map(({ name, ...rest }) => ({ name, ...rest }) as CanonicalProduct);
    const again = await recordHarvest(log, { ...input, harvest: { complete: true, products: reordered } });
    expect(again.written).toEqual([]);
    asked.length = 0;
    const settled = await detectChanges({ ...input, harvest: { complete: true, products: reordered }, previous: await prior() });
    expect([settled.commits, settled.refreshed, asked]).toEqual([[], [], []]);
  });

  it('writes UPDATED with aspect PRICE and the price before and after', async () => {
    const log = createMemoryChangeLog();
    await recordHarvest(log, { ...input, harvest: { complete: true, products: range(2) } });
    const repriced = [product(1, { price: { amount: '1350', currency: 'JPY' } }), product(2)];
    const { written } = await recordHarvest(log, { ...input, harvest: { complete: true, products: repriced } });
    expect(written).toEqual([
      expect.objectContaining({
        type: 'UPDATED',
        productId: 'jp-ovop:P-1',
        version: 2,
        aspects: ['PRICE'],
        changes: [{ path: 'price.amount', before: '1200', after: '1350' }],
      }),
    ]);
  });

  it('derives the same ids on two instances from the same state', async () => {
    const log = createMemoryChangeLog();
    await recordHarvest(log, { ...input, harvest: { complete: true, products: range(2) } });
    const previous = await log.state('jp-ovop', 'JP');
    const harvest = { complete: true, products: [product(1, { name: { ja: '柚子胡椒 改' } }), product(2)] };
    const a = await detectChanges({ ...input, harvest, previous });
    const b = await detectChanges({ ...input, now: new Date(NOW.getTime() + 5_000), harvest, previous });
    expect(b.commits.flatMap((c) => c.events.map((e) => e.id))).toEqual(a.commits.flatMap((c) => c.events.map((e) => e.id)));
  });

  it('removes nothing after a failed or truncated harvest', async () => {
    const log = createMemoryChangeLog();
    await recordHarvest(log, { ...input, harvest: { complete: true, products: range(10) } });
    const truncated = await recordHarvest(log, { ...input, harvest: { complete: false, products: range(2) } });
    expect(truncated.written).toEqual([]);
    expect(truncated.heldBack).toEqual({
      reason: 'INCOMPLETE_HARVEST',
      productIds: range(10)
        .slice(2)
        .map((p) => p.id),
    });
    const failed = await recordHarvest(log, { ...input, harvest: { complete: false, products: [] } });
    expect(failed.written).toEqual([]);
    expect([...(await log.state('jp-ovop', 'JP')).rows.values()].filter((r) => r.removedAt)).toEqual([]);
  });

  it('holds back a 50 % removal until the next complete harvest agrees, then removes what it still lacks', async () => {
    const log = createMemoryChangeLog();
    await recordHarvest(log, { ...input, harvest: { complete: true, products: range(10) } });
    const half = await recordHarvest(log, { ...input, harvest: { complete: true, products: range(5) } });
    expect(half.written).toEqual([]);
    expect(half.heldBack).toEqual({ reason: 'REMOVAL_RATIO', productIds: ['jp-ovop:P-6', 'jp-ovop:P-7', 'jp-ovop:P-8', 'jp-ovop:P-9', 'jp-ovop:P-10'] });
    expect((await log.state('jp-ovop', 'JP')).held?.productIds).toHaveLength(5);
    // P-6 came back; the others are still missing: they go.
    const agreed = await recordHarvest(log, { ...input, harvest: { complete: true, products: range(6) } });
    expect(agreed.written.map((e) => [e.type, e.productId, e.version])).toEqual([
      ['REMOVED', 'jp-ovop:P-7', 2],
      ['REMOVED', 'jp-ovop:P-8', 2],
      ['REMOVED', 'jp-ovop:P-9', 2],
      ['REMOVED', 'jp-ovop:P-10', 2],
    ]);
    expect(agreed.heldBack).toBeNull();
    expect((await log.state('jp-ovop', 'JP')).held).toBeNull();
  });

  it('removes at once what stays within the ratio, and a product that comes back is created again at a higher version', async () => {
    const log = createMemoryChangeLog();
    await recordHarvest(log, { ...input, harvest: { complete: true, products: range(10) } });
    const two = await recordHarvest(log, { ...input, harvest: { complete: true, products: range(8) } });
    expect(two.written.map((e) => `${e.type} ${e.productId}`)).toEqual(['REMOVED jp-ovop:P-9', 'REMOVED jp-ovop:P-10']);
    expect(two.written[0]!.aspects).toEqual(['CONTENT', 'PRICE', 'COMPLIANCE']);
    const back = await recordHarvest(log, { ...input, harvest: { complete: true, products: range(9) } });
    expect(back.written.map((e) => [e.type, e.productId, e.version])).toEqual([['CREATED', 'jp-ovop:P-9', 3]]);
  });

  it('writes COMPLIANCE_CHANGED after the update that moved a destination, at the next version', async () => {
    const log = createMemoryChangeLog();
    const labelled = complete();
    await recordHarvest(log, { ...input, harvest: { complete: true, products: [labelled] } });
    // The sweep records the first status (a baseline: no event).
    expect((await recordSweep(log, { ...input, product: () => labelled })).written).toEqual([]);
    // A price change is not evaluated: the rules do not read it.
    const repriced = { ...labelled, price: { amount: '1500', currency: 'JPY' } };
    expect((await recordHarvest(log, { ...input, harvest: { complete: true, products: [repriced] } })).written.map((e) => e.type)).toEqual(['UPDATED']);
    const { written } = await recordHarvest(log, { ...input, harvest: { complete: true, products: [{ ...repriced, labelLanguages: ['ja'] }] } });
    expect(written[0]).toMatchObject({ type: 'UPDATED', version: 3, aspects: ['COMPLIANCE'] });
    const moved = written.slice(1);
    expect(moved.length).toBeGreaterThan(0);
    moved.forEach((e, i) => {
      expect(e).toMatchObject({ type: 'COMPLIANCE_CHANGED', version: 4 + i, aspects: ['COMPLIANCE'], changes: [] });
      expect(e.compliance!.checks.map((c) => c.code)).toContain('LABEL_LANGUAGE');
      expect(e.compliance!.to).toBe('BLOCKED');
    });
    expect(moved.map((e) => e.compliance!.destination)).toContain('MY');
  });

  it('takes the first of equal ids in a harvest, once', async () => {
    const harvest = { complete: true, products: [product(1), product(2), product(1, { price: { amount: '9', currency: 'JPY' } }), product(2)] };
    const { commits } = await detectChanges({ ...input, harvest, previous: empty });
    expect(commits.map((c) => [c.productId, c.row.fields['price.amount']])).toEqual([
      ['jp-ovop:P-1', '1200'],
      ['jp-ovop:P-2', '1200'],
    ]);
  });

  it('measures a removal against the products recorded before the harvest, not those its own appends wrote first', async () => {
    const log = createMemoryChangeLog();
    await recordHarvest(log, { ...input, harvest: { complete: true, products: range(10) } });
    // Half of the ten, and more new products than a flush: they are written before the removals are counted.
    const products = [...range(5), ...Array.from({ length: 2 * FLUSH_COMMITS }, (_, i) => product(1000 + i))];
    const recorded = await recordHarvest(log, { ...input, harvest: { complete: true, products } });
    expect(recorded.heldBack).toEqual({
      reason: 'REMOVAL_RATIO',
      productIds: range(10)
        .slice(5)
        .map((p) => p.id),
    });
    expect(recorded.written.filter((e) => e.type === 'REMOVED')).toEqual([]);
  });

  it('writes REMOVED for every product of a removed connector', async () => {
    const log = createMemoryChangeLog();
    await recordHarvest(log, { ...input, harvest: { complete: true, products: range(3) } });
    const { written } = await recordConnectorRemoval(log, input);
    expect(written.map((e) => e.type)).toEqual(['REMOVED', 'REMOVED', 'REMOVED']);
    expect(await removeConnector({ ...input, previous: await log.state('jp-ovop', 'JP') })).toEqual([]);
  });
});

describe('recordHarvest', () => {
  it('writes a large harvest as it detects it, never holding more than about two batches of commits, and leaves the same state', async () => {
    const log = createMemoryChangeLog();
    const append = log.append.bind(log);
    const sizes: number[] = [];
    log.append = (batch) => {
      sizes.push(batch.commits.length);
      return append(batch);
    };
    const first = await recordHarvest(log, { connector: 'jp-ovop', economy: 'JP', now: NOW, harvest: { complete: true, products: range(1300) } });
    expect(first.written).toHaveLength(1300);
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThan(2 * FLUSH_COMMITS);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1300);
    // A second harvest that lacks half: held back, as when it came in one append.
    sizes.length = 0;
    const second = await recordHarvest(log, { connector: 'jp-ovop', economy: 'JP', now: NOW, harvest: { complete: true, products: range(650) } });
    expect(second.written).toEqual([]);
    expect(second.heldBack).toMatchObject({ reason: 'REMOVAL_RATIO' });
    expect(second.heldBack!.productIds).toHaveLength(650);
  });

  it('never takes more than a batch or a page of digests from the log in one call, harvest and sweep alike', async () => {
    // A log whose digest pages hold 100: a recording that read a connector's digests whole would take 1,200 in one call.
    const log = createMemoryChangeLog({ digestPageSize: 100 });
    await recordHarvest(log, { ...input, harvest: { complete: true, products: range(1200) } });
    let most = 0;
    let calls = 0;
    /** The digests (or rows) a call's answer holds: a map of them, or an object carrying them. */
    const held = (answer: unknown): number => {
      if (answer instanceof Map) return answer.size;
      const digests = (answer as { digests?: unknown } | null)?.digests;
      return digests instanceof Map ? digests.size : Array.isArray(digests) ? digests.length : 0;
    };
    const counted = new Proxy(log, {
      get(target, key) {
        const value = Reflect.get(target, key);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const answer = await value.apply(target, args);
          most = Math.max(most, held(answer));
          calls++;
          return answer;
        };
      },
    });
    // A re-harvest: one product repriced, one gone (within the ratio), one new.
    const products = [...range(1199).map((p, i) => (i === 600 ? product(601, { price: { amount: '1350', currency: 'JPY' } }) : p)), product(5000)];
    const recorded = await recordHarvest(counted, { ...input, harvest: { complete: true, products } });
    expect(recorded.written.map((e) => `${e.type} ${e.productId}`)).toEqual(['UPDATED jp-ovop:P-601', 'CREATED jp-ovop:P-5000', 'REMOVED jp-ovop:P-1200']);
    const swept = await recordSweep(counted, { ...input, product: (id) => products.find((p) => p.id === id), maxEvaluations: 10 });
    expect(swept.deferred).toBe(1200 - 10);
    expect(calls).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(500);
  });

  it('tells each append’s events as it is made, and keeps none, when given onWritten', async () => {
    const log = createMemoryChangeLog();
    const told: number[] = [];
    const recorded = await recordHarvest(log, {
      connector: 'jp-ovop',
      economy: 'JP',
      now: NOW,
      harvest: { complete: true, products: range(1300) },
      onWritten: (written) => void told.push(written.length),
    });
    expect(recorded.written).toEqual([]);
    expect(told.length).toBeGreaterThan(1);
    expect(told.reduce((a, b) => a + b, 0)).toBe(1300);
  });
});
