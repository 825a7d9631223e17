import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../schemas/product';
import { createMemoryChangeLog } from './memory-change-log';
import { recordHarvest, recordSweep } from './record';

const day = (d: string) => new Date(`${d}T06:00:00Z`);
const halal = (validUntil: string): CanonicalProduct => ({
  id: 'jp-ovop:Y-1',
  connector: 'jp-ovop',
  localId: 'Y-1',
  economy: 'JP',
  programme: 'OVOP',
  language: 'ja',
  name: { ja: '柚子胡椒' },
  category: 'FOOD',
  origin: { country: 'JP', region: 'Ōita' },
  hsCode: '210390',
  gtin: '4901234567894',
  netContent: { value: '80', unit: 'GRM' },
  ingredients: { ja: '柚子、唐辛子、塩' },
  allergens: [],
  shelfLifeDays: 365,
  labelLanguages: ['ja', 'en', 'ms'],
  images: [],
  marketplaces: [],
  certifications: [{ scheme: 'HALAL', id: 'JAKIM-1', issuer: 'JAKIM', validUntil }],
});

async function harvested(product: CanonicalProduct, now: Date) {
  const log = createMemoryChangeLog({ clock: () => now.getTime() });
  await recordHarvest(log, { connector: 'jp-ovop', economy: 'JP', now, harvest: { complete: true, products: [product] } });
  const catalogue = new Map([[product.id, product]]);
  const sweepOn = (d: string) => recordSweep(log, { connector: 'jp-ovop', economy: 'JP', now: day(d), product: (id) => catalogue.get(id) });
  return { log, catalogue, sweepOn };
}

describe('sweep', () => {
  it('announces a HALAL certificate expiring in 10 days once, however many sweeps', async () => {
    const { sweepOn } = await harvested(halal('2026-12-11'), day('2026-12-01'));
    const first = await sweepOn('2026-12-01');
    expect(first.written).toEqual([
      expect.objectContaining({
        type: 'CERTIFICATE_EXPIRING',
        version: 2,
        aspects: ['CERTIFICATION'],
        changes: [{ path: 'certifications.HALAL.validUntil', before: '2026-12-11', after: '2026-12-11' }],
        compliance: null,
        certifications: ['HALAL'],
      }),
    ]);
    for (const d of ['2026-12-01', '2026-12-02', '2026-12-05', '2026-12-11']) expect((await sweepOn(d)).written).toEqual([]);
  });

  it('says nothing of a certificate far from its expiry', async () => {
    const { sweepOn } = await harvested(halal('2027-06-30'), day('2026-12-01'));
    expect((await sweepOn('2026-12-01')).written).toEqual([]);
    expect((await sweepOn('2027-06-01')).written.map((e) => e.type)).toEqual(['CERTIFICATE_EXPIRING']);
  });

  it('after the expiry, writes COMPLIANCE_CHANGED for MY naming HALAL_CERTIFICATE EXPIRED, once', async () => {
    const { sweepOn } = await harvested(halal('2026-12-11'), day('2026-12-01'));
    await sweepOn('2026-12-01');
    expect((await sweepOn('2026-12-11')).written).toEqual([]);
    const { written } = await sweepOn('2026-12-12');
    const my = written.find((e) => e.compliance?.destination === 'MY');
    expect(my).toMatchObject({
      type: 'COMPLIANCE_CHANGED',
      aspects: ['COMPLIANCE'],
      compliance: { from: 'READY', to: 'BLOCKED', effectiveAt: '2026-12-12T06:00:00.000Z' },
    });
    expect(my!.compliance!.checks.map((c) => [c.code, c.status])).toEqual([['HALAL_CERTIFICATE', 'EXPIRED']]);
    expect(written.map((e) => e.version)).toEqual(written.map((_, i) => 3 + i));
    expect((await sweepOn('2026-12-13')).written).toEqual([]);
  });

  it('records first statuses at most maxEvaluations a sweep, and the rest at the next', async () => {
    const now = day('2026-12-01');
    const log = createMemoryChangeLog({ clock: () => now.getTime() });
    const products = Array.from({ length: 5 }, (_, i) => ({ ...halal('2027-06-30'), id: `jp-ovop:Y-${i}`, localId: `Y-${i}` }));
    await recordHarvest(log, { connector: 'jp-ovop', economy: 'JP', now, harvest: { complete: true, products } });
    const find = (id: string) => products.find((p) => p.id === id);
    const first = await recordSweep(log, { connector: 'jp-ovop', economy: 'JP', now, product: find, maxEvaluations: 3 });
    expect(first).toMatchObject({ written: [], deferred: 2 });
    const second = await recordSweep(log, { connector: 'jp-ovop', economy: 'JP', now, product: find, maxEvaluations: 3 });
    expect(second).toMatchObject({ written: [], deferred: 0 });
    const rows = [...(await log.state('jp-ovop', 'JP')).rows.values()];
    expect(rows.map((r) => [r.compliance?.MY?.status, r.version])).toEqual(products.map(() => ['READY', 1]));
  });

  it('leaves a product the catalogue holds newer than its row to the next harvest', async () => {
    const { catalogue, sweepOn } = await harvested(halal('2026-12-11'), day('2026-12-01'));
    await sweepOn('2026-12-01');
    catalogue.set('jp-ovop:Y-1', { ...halal('2026-12-11'), labelLanguages: ['ja'] });
    expect((await sweepOn('2026-12-12')).written).toEqual([]);
  });
});
