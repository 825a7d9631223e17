/**
 * The export-compliance rules as a rules review found them wanting, one test per finding: legal
 * references, checks that could not fail, false BLOCKED verdicts, missing risks. Asked where an
 * exporter asks (GET /products/{id}/compliance/{destination} and the GraphQL compliance field),
 * in process through app.request(), and of evaluateCompliance for records the samples do not hold.
 */
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { localDocumentLoader } from '../gateway/jsonld/document-loader';
import { evaluateCompliance } from '../gateway/compliance/evaluate';
import { RULES } from '../schemas/compliance/rules';
import type { CanonicalProduct } from '../schemas/product';
import { inProcessGateway } from './helpers/gateway';

const TODAY = '2026-11-25';
const server = inProcessGateway({}, { clock: () => new Date(`${TODAY}T09:00:00Z`) });

interface Check {
  checkCode: string;
  checkStatus: string;
  mandatory: boolean;
  detail?: string;
  legalReference: string;
  level?: string;
}
async function report(id: string, destination: string): Promise<{ complianceStatus: string; check: Check[] }> {
  const response = await server.request(`/products/${encodeURIComponent(id)}/compliance/${destination}?lang=en`);
  expect(response.status).toBe(200);
  return response.json();
}
const find = (r: { check: Check[] }, code: string) => r.check.filter((c) => c.checkCode === code);
const one = (r: { check: Check[] }, code: string) => {
  const found = find(r, code);
  expect(
    found.map((c) => c.checkCode),
    `${code} in ${r.check.map((c) => c.checkCode).join(',')}`,
  ).toEqual([code]);
  return found[0]!;
};

const food = (over: Partial<CanonicalProduct> = {}): CanonicalProduct => ({
  id: 'jp-ovop:T-1',
  connector: 'jp-ovop',
  localId: 'T-1',
  economy: 'JP',
  programme: 'OVOP',
  language: 'ja',
  name: { ja: '試験品' },
  category: 'FOOD',
  origin: { country: 'JP', region: '大分県' },
  hsCode: '190590',
  gtin: '2000000100012',
  netContent: { value: '100', unit: 'GRM' },
  ingredients: { ja: '小麦粉、砂糖、鶏卵' },
  allergens: ['WHEAT', 'EGG'],
  shelfLifeDays: 60,
  labelLanguages: ['ja', 'en', 'ms', 'vi', 'th', 'id'],
  images: [],
  marketplaces: [],
  certifications: [],
  ...over,
});

describe('wrong references and checks that could not fail', () => {
  it('MY label language cites Food Regulations 1985 regulation 10', async () => {
    const c = one(await report('my-ovop:MY-0005', 'MY'), 'LABEL_LANGUAGE');
    expect(c.legalReference).toMatch(/regulation 10\b/);
    expect(c.legalReference).not.toMatch(/regulation 9\b/);
  });

  it('MY allergens cite 11(1)(ea) with the list of 11(5), and an undeclared listed allergen blocks', async () => {
    const c = one(await report('my-ovop:MY-0005', 'MY'), 'ALLERGENS');
    expect(c.legalReference).toContain('11(1)(ea)');
    expect(c.legalReference).toContain('11(5)');
    const rule = RULES.find((r) => r.code === 'ALLERGENS' && r.destinations.includes('MY'))!;
    expect(rule.test).toMatchObject({
      kind: 'allergens',
      mustDeclare: expect.arrayContaining(['WHEAT', 'PEANUT', 'SOY', 'FISH', 'SHRIMP', 'MILK', 'EGG', 'TREE_NUTS']),
    });
    const undeclared = evaluateCompliance(food({ ingredients: { ms: 'Tepung gandum, gula, telur' }, allergens: ['EGG'] }), 'MY', TODAY, ['en']);
    expect(undeclared.checks.find((k) => k.code === 'ALLERGENS')).toMatchObject({ status: 'MISSING', detail: expect.stringContaining('WHEAT') });
  });

  it('JP allergens compare the declaration with the ingredients and name what cannot be confirmed', () => {
    const undeclared = evaluateCompliance(food({ allergens: ['EGG'] }), 'JP', TODAY, ['en']).checks.find((c) => c.code === 'ALLERGENS')!;
    expect(undeclared).toMatchObject({ status: 'MISSING', detail: expect.stringContaining('WHEAT') });
    const noStatement = evaluateCompliance(food({ ingredients: undefined, allergens: [] }), 'JP', TODAY, ['en']).checks.find((c) => c.code === 'ALLERGENS')!;
    expect(noStatement.status).toBe('MISSING');
    for (const a of ['SHRIMP', 'CRAB', 'WALNUT', 'WHEAT', 'BUCKWHEAT', 'EGG', 'MILK', 'PEANUT']) expect(noStatement.detail).toContain(a);
    expect(evaluateCompliance(food(), 'JP', TODAY, ['en']).checks.find((c) => c.code === 'ALLERGENS')!.status).toBe('PASS');
  });

  it('TH food registration: a registration number only for specifically controlled foods (s.31); others go through the import licence (s.15)', async () => {
    const r = await report('jp-ovop:OITA-0004', 'TH');
    const registration = one(r, 'FOOD_REGISTRATION');
    expect(registration.checkStatus).toBe('NOT_APPLICABLE');
    expect(registration.legalReference).toMatch(/section 31/);
    expect(one(r, 'IMPORT_LICENCE')).toMatchObject({ checkStatus: 'NOT_APPLICABLE', legalReference: expect.stringMatching(/section 15/) });
    const infant = evaluateCompliance(food({ hsCode: '190110' }), 'TH', TODAY, ['en']).checks.find((c) => c.code === 'FOOD_REGISTRATION')!;
    expect(infant.status).toBe('MISSING');
  });

  it('ID food registration: fresh kabosu is registered with the agriculture authorities, not BPOM', async () => {
    const c = one(await report('jp-ovop:OITA-0001', 'ID'), 'FOOD_REGISTRATION');
    expect(c.legalReference).not.toMatch(/BPOM/);
    expect(c.legalReference).toMatch(/Agriculture/);
    expect(c.detail).toMatch(/PSAT|fresh/i);
    const ponzu = one(await report('jp-ovop:OITA-0004', 'ID'), 'FOOD_REGISTRATION');
    expect(ponzu.legalReference).toMatch(/BPOM/);
  });
});

describe('false BLOCKED', () => {
  it('no date marking for drinks of 10 % alcohol or more: shochu into VN, Mẫu Sơn liquor into JP', async () => {
    for (const [id, destination] of [
      ['jp-ovop:OITA-0017', 'VN'],
      ['vn-ocop:LS-0008', 'JP'],
    ] as const) {
      const c = one(await report(id, destination), 'SHELF_LIFE');
      expect(c.checkStatus).toBe('NOT_APPLICABLE');
      expect(c.detail).toMatch(/10 ?%/);
    }
  });

  it('no ingredient list for a single-ingredient food: tongkat ali root powder into VN', async () => {
    const c = one(await report('my-ovop:MY-0025', 'VN'), 'INGREDIENTS');
    expect(c.checkStatus).toBe('NOT_APPLICABLE');
    expect(c.detail).toMatch(/single.ingredient/i);
  });

  it('net content as a count: one whole fish into MY', async () => {
    expect(one(await report('jp-ovop:OITA-0007', 'MY'), 'NET_CONTENT').checkStatus).toBe('PASS');
  });

  it('crafts: a rattan basket into JP is not blocked on a food law; Vietnam accepts the importer’s supplementary label', async () => {
    const basket = await report('id-ovop:IDN-0031', 'JP');
    const jp = one(basket, 'LABEL_LANGUAGE');
    expect(jp.mandatory).toBe(false);
    expect(jp.legalReference).toMatch(/Household Goods Quality Labeling Act/);
    expect(basket.complianceStatus).not.toBe('BLOCKED');
    for (const dest of ['ID', 'MY', 'TH']) {
      expect(one(await report('id-ovop:IDN-0031', dest), 'LABEL_LANGUAGE').legalReference).not.toMatch(/food|BPOM|Food Regulations/i);
    }
    const vn = one(await report('jp-ovop:OITA-0036', 'VN'), 'LABEL_LANGUAGE');
    expect(vn.checkStatus).toBe('WARN');
    expect(vn.detail).toMatch(/supplementary/i);
  });
});

describe('missing risks', () => {
  it('halal into ID: a Selangor JAIS certificate is not JAKIM’s, and a foreign certificate must be registered with BPJPH', async () => {
    const jais = one(await report('my-ovop:MY-0016', 'ID'), 'HALAL_CERTIFICATE');
    expect(jais.checkStatus).toBe('MISSING');
    expect(jais.detail).toMatch(/JAIS/);
    const jakim = one(await report('my-ovop:MY-0005', 'ID'), 'HALAL_CERTIFICATE');
    expect(jakim.checkStatus).toBe('MISSING');
    expect(jakim.detail).toMatch(/registered with BPJPH/);
    const registered = food({
      origin: { country: 'MY' },
      certifications: [
        { scheme: 'HALAL', id: 'JAKIM/(S)/1', issuer: 'JAKIM', validUntil: '2027-12-31' },
        { scheme: 'HALAL_REGISTRATION_ID', id: 'SH2025-0001', issuer: 'BPJPH' },
      ],
    });
    expect(evaluateCompliance(registered, 'ID', TODAY, ['en']).checks.find((c) => c.code === 'HALAL_CERTIFICATE')!.status).toBe('PASS');
  });

  it('non-halal products (pork, alcohol) into ID take the non-halal statement path', async () => {
    for (const id of ['vn-ocop:LS-0001', 'jp-ovop:OITA-0017']) {
      const r = await report(id, 'ID');
      expect(find(r, 'HALAL_CERTIFICATE').map((c) => c.checkStatus)).not.toContain('MISSING');
      expect(one(r, 'NON_HALAL_STATEMENT').detail).toMatch(/non-halal/i);
    }
  });

  it('halal meat into MY must come from a JAKIM-recognised plant: Bungo beef is BLOCKED', async () => {
    const r = await report('jp-ovop:OITA-0010', 'MY');
    expect(one(r, 'HALAL_SLAUGHTER')).toMatchObject({ checkStatus: 'MISSING', mandatory: true });
    expect(r.complianceStatus).toBe('BLOCKED');
  });

  it('quarantine: pork from an economy with African swine fever into JP (lạp sườn), phytosanitary and health certificates', async () => {
    const pork = one(await report('vn-ocop:LS-0001', 'JP'), 'ANIMAL_QUARANTINE');
    expect(pork).toMatchObject({ checkStatus: 'MISSING', mandatory: true, detail: expect.stringMatching(/African swine fever/) });
    expect(pork.legalReference).toMatch(/Domestic Animal Infectious Diseases Control Act/);
    const lychee = one(await report('vn-ocop:BG-0001', 'JP'), 'PHYTOSANITARY_CERTIFICATE');
    expect(lychee.legalReference).toMatch(/Plant Protection Act/);
    expect(one(await report('jp-ovop:OITA-0010', 'ID'), 'HEALTH_CERTIFICATE').legalReference).toMatch(/18\/2009|21\/2019/);
    expect(one(await report('jp-ovop:OITA-0007', 'VN'), 'HEALTH_CERTIFICATE').checkStatus).toBe('NOT_APPLICABLE');
    expect(find(await report('jp-ovop:OITA-0004', 'VN'), 'HEALTH_CERTIFICATE')).toEqual([]);
  });

  it('procedures are NOT_APPLICABLE checks that say what the importer must do', async () => {
    const cases: Array<[string, string, string, RegExp]> = [
      ['vn-ocop:KG-0001', 'JP', 'IMPORT_NOTIFICATION', /Food Sanitation Act.*27/],
      ['jp-ovop:OITA-0004', 'VN', 'SELF_DECLARATION', /15\/2018/],
      ['jp-ovop:OITA-0004', 'VN', 'IMPORT_INSPECTION', /15\/2018/],
      ['jp-ovop:OITA-0004', 'PH', 'LICENSE_TO_OPERATE', /9711/],
      ['jp-ovop:OITA-0004', 'TH', 'IMPORT_LICENCE', /section 15/],
    ];
    for (const [id, destination, code, reference] of cases) {
      const c = one(await report(id, destination), code);
      expect(c).toMatchObject({ checkStatus: 'NOT_APPLICABLE', mandatory: false, legalReference: expect.stringMatching(reference) });
      expect(c.detail).toMatch(/importer/i);
    }
  });

  it('herbal medicines (jamu, minyak gamat HS 3004.90) follow traditional-medicine rules, not food rules', async () => {
    for (const id of ['my-ovop:MY-0041', 'id-ovop:IDN-0029']) {
      const r = await report(id, 'VN');
      expect(one(r, 'TRADITIONAL_MEDICINE').legalReference).toMatch(/Pharmacy/);
      for (const code of ['INGREDIENTS', 'SHELF_LIFE', 'FOOD_REGISTRATION', 'SELF_DECLARATION']) expect(find(r, code)).toEqual([]);
    }
  });

  it('certificates of origin name AJCEP and Japan’s bilateral EPAs beside ATIGA, RCEP and CPTPP', async () => {
    const pairs: Array<[string, string, RegExp]> = [
      ['vn-ocop:KG-0001', 'JP', /Japan–Viet Nam/],
      ['id-ovop:IDN-0009', 'JP', /Japan–Indonesia/],
      ['my-ovop:MY-0008', 'JP', /Japan–Malaysia/],
      ['jp-ovop:OITA-0004', 'TH', /Japan–Thailand/],
      ['jp-ovop:OITA-0004', 'PH', /Japan–Philippines/],
    ];
    for (const [id, destination, bilateral] of pairs) {
      const c = one(await report(id, destination), 'CERTIFICATE_OF_ORIGIN');
      expect(c.detail).toMatch(/AJCEP/);
      expect(c.detail).toMatch(bilateral);
      expect(c.detail).toMatch(/RCEP/);
    }
  });

  it('the GraphQL compliance field reads the same corrected checks', async () => {
    const { data } = await server.graphql(
      `{ product(id: "vn-ocop:LS-0001") { compliance(destination: "JP") { status checks { code status mandatory reference level lastChecked } } } }`,
    );
    expect(data.product.compliance.status).toBe('BLOCKED');
    expect(data.product.compliance.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'ANIMAL_QUARANTINE', status: 'MISSING', mandatory: true, level: 'MANDATORY', lastChecked: TODAY }),
        expect.objectContaining({ code: 'IMPORT_NOTIFICATION', status: 'NOT_APPLICABLE', mandatory: false, level: 'PROCEDURE' }),
      ]),
    );
    const doc = await report('vn-ocop:LS-0001', 'JP');
    const expanded = await jsonld.expand(doc as any, { documentLoader: localDocumentLoader as any });
    const checks = expanded[0]!['https://w3id.org/apec-ovop/vocab#check'] as any[];
    expect(checks.some((c) => c['https://w3id.org/apec-ovop/vocab#ruleLevel']?.[0]['@value'] === 'PROCEDURE')).toBe(true);
    expect(checks.every((c) => c['https://w3id.org/apec-ovop/vocab#lastChecked'])).toBe(true);
  });
});

describe('the rules themselves', () => {
  it('each rule carries its legal reference, the day it was last checked, and a level', () => {
    for (const r of RULES as any[]) {
      expect(r.reference.length).toBeGreaterThan(10);
      expect(r.lastChecked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(['MANDATORY', 'RECOMMENDED', 'PROCEDURE']).toContain(r.level);
      for (const e of r.exemptions ?? []) expect(e.reason.length).toBeGreaterThan(10);
    }
  });
});
