import { describe, expect, it } from 'vitest';
import type { CanonicalProduct } from '../../schemas/product';
import { evaluateCompliance } from './evaluate';

const TODAY = '2026-11-23';
const food = (over: Partial<CanonicalProduct> = {}): CanonicalProduct => ({
  id: 'vn-ocop:T-1',
  connector: 'vn-ocop',
  localId: 'T-1',
  economy: 'VN',
  programme: 'OCOP',
  language: 'vi',
  name: { vi: 'Nước mắm' },
  category: 'FOOD',
  origin: { country: 'VN', region: 'Kiên Giang' },
  hsCode: '210390',
  gtin: '8930000000011',
  netContent: { value: '500', unit: 'MLT' },
  ingredients: { vi: 'cá cơm, muối' },
  allergens: ['FISH'],
  shelfLifeDays: 720,
  labelLanguages: ['vi', 'en', 'ja'],
  images: [],
  marketplaces: [],
  certifications: [{ scheme: 'HALAL', id: 'ID31110000000011224', issuer: 'BPJPH', validUntil: '2027-12-31' }],
  ...over,
});
const check = (product: CanonicalProduct, destination: string, code: string) =>
  evaluateCompliance(product, destination, TODAY, ['en'])
    .checks.filter((c) => c.code === code)
    .map((c) => c.status);

describe('evaluateCompliance', () => {
  it('is READY when every rule passes, and names each check with its reference', () => {
    const report = evaluateCompliance(food(), 'JP', TODAY, ['en']);
    expect(report.status).toBe('READY');
    for (const c of report.checks) expect(c.reference.length).toBeGreaterThan(5);
    expect(report.checks.map((c) => c.code)).toEqual(
      expect.arrayContaining(['HS_CODE', 'ORIGIN', 'CERTIFICATE_OF_ORIGIN', 'LABEL_LANGUAGE', 'ALLERGENS', 'NET_CONTENT', 'SHELF_LIFE', 'INGREDIENTS', 'GTIN']),
    );
  });

  it('HS code: passes six digits, is MISSING when absent or malformed', () => {
    expect(check(food(), 'MY', 'HS_CODE')).toEqual(['PASS']);
    expect(check(food({ hsCode: undefined }), 'MY', 'HS_CODE')).toEqual(['MISSING']);
    expect(check(food({ hsCode: '2103' }), 'MY', 'HS_CODE')).toEqual(['MISSING']);
  });

  it('label language: the destination language, else MISSING and BLOCKED', () => {
    expect(check(food(), 'VN', 'LABEL_LANGUAGE')).toEqual(['PASS']);
    const noThai = evaluateCompliance(food(), 'TH', TODAY, ['en']);
    expect(noThai.checks.find((c) => c.code === 'LABEL_LANGUAGE')).toMatchObject({ status: 'MISSING', detail: expect.stringContaining('th') });
    expect(noThai.status).toBe('BLOCKED');
    expect(check(food({ labelLanguages: ['en'] }), 'MY', 'LABEL_LANGUAGE')).toEqual(['PASS']);
  });

  it('halal in Indonesia: valid passes, expired is EXPIRED, none is MISSING', () => {
    expect(check(food(), 'ID', 'HALAL_CERTIFICATE')).toEqual(['PASS']);
    const expired = food({ certifications: [{ scheme: 'HALAL', id: 'ID3211', issuer: 'BPJPH', validUntil: '2025-08-19' }] });
    expect(check(expired, 'ID', 'HALAL_CERTIFICATE')).toEqual(['EXPIRED']);
    expect(evaluateCompliance(expired, 'ID', TODAY, ['en']).status).toBe('BLOCKED');
    expect(check(food({ certifications: [] }), 'ID', 'HALAL_CERTIFICATE')).toEqual(['MISSING']);
  });

  it('halal in Malaysia only when claimed', () => {
    expect(check(food({ certifications: [] }), 'MY', 'HALAL_CERTIFICATE')).toEqual(['NOT_APPLICABLE']);
    expect(check(food({ certifications: [{ scheme: 'HALAL', issuer: 'JAKIM', validUntil: '2026-01-01' }] }), 'MY', 'HALAL_CERTIFICATE')).toEqual(['EXPIRED']);
    expect(check(food({ certifications: [{ scheme: 'HALAL', issuer: 'Unknown Halal Board' }] }), 'MY', 'HALAL_CERTIFICATE')).toEqual(['MISSING']);
  });

  it('expiry is judged against the given day', () => {
    const cert = food({ certifications: [{ scheme: 'HALAL', issuer: 'BPJPH', validUntil: '2026-12-01' }] });
    expect(evaluateCompliance(cert, 'ID', '2026-11-30', ['en']).checks.find((c) => c.code === 'HALAL_CERTIFICATE')!.status).toBe('PASS');
    expect(evaluateCompliance(cert, 'ID', '2026-12-02', ['en']).checks.find((c) => c.code === 'HALAL_CERTIFICATE')!.status).toBe('EXPIRED');
  });

  it('food registration in Indonesia: an ML number for imports, MD or P-IRT at home', () => {
    const md = food({ certifications: [{ scheme: 'BPOM', id: 'BPOM RI MD 224510001234' }, { scheme: 'HALAL' }] });
    expect(check(md, 'ID', 'FOOD_REGISTRATION')).toEqual(['MISSING']);
    const ml = food({ certifications: [{ scheme: 'BPOM', id: 'BPOM RI ML 112233' }, { scheme: 'HALAL' }] });
    expect(check(ml, 'ID', 'FOOD_REGISTRATION')).toEqual(['PASS']);
    const home = food({ economy: 'ID', origin: { country: 'ID' }, certifications: [{ scheme: 'PIRT', id: 'P-IRT 2063205010123-27' }] });
    expect(check(home, 'ID', 'FOOD_REGISTRATION')).toEqual(['PASS']);
  });

  it('allergens in Japan need an ingredient statement to declare against', () => {
    expect(check(food(), 'JP', 'ALLERGENS')).toEqual(['PASS']);
    expect(check(food({ ingredients: undefined }), 'JP', 'ALLERGENS')).toEqual(['MISSING']);
  });

  it('net content must be metric or a count', () => {
    expect(check(food({ netContent: { value: '2', unit: 'H87' } }), 'VN', 'NET_CONTENT')).toEqual(['PASS']);
    expect(check(food({ netContent: { value: '2', unit: 'MTR' } }), 'VN', 'NET_CONTENT')).toEqual(['MISSING']);
    expect(check(food({ netContent: undefined }), 'PH', 'NET_CONTENT')).toEqual(['MISSING']);
  });

  it('an organic claim in Japan needs organic JAS', () => {
    expect(check(food(), 'JP', 'ORGANIC_CLAIM')).toEqual(['NOT_APPLICABLE']);
    expect(check(food({ certifications: [{ scheme: 'ORGANIC', issuer: 'USDA' }] }), 'JP', 'ORGANIC_CLAIM')).toEqual(['MISSING']);
    expect(check(food({ certifications: [{ scheme: 'JAS_ORGANIC', issuer: 'JONA' }] }), 'JP', 'ORGANIC_CLAIM')).toEqual(['PASS']);
    expect(check(food({ certifications: [{ scheme: 'JAS_ORGANIC', validUntil: '2025-01-01' }] }), 'JP', 'ORGANIC_CLAIM')).toEqual(['EXPIRED']);
  });

  it('certificates of origin: ATIGA Form D only between ASEAN members, RCEP and CPTPP where they apply', () => {
    const report = (origin: string, destination: string) =>
      evaluateCompliance(food({ origin: { country: origin } }), destination, TODAY, ['en']).checks.find((c) => c.code === 'CERTIFICATE_OF_ORIGIN')!;
    expect(report('VN', 'ID').detail).toContain('ATIGA Form D');
    expect(report('VN', 'JP').detail).not.toContain('ATIGA');
    expect(report('VN', 'JP').detail).toMatch(/RCEP.*CPTPP/);
    expect(report('JP', 'JP').status).toBe('NOT_APPLICABLE');
    expect(report('MY', 'CA').detail).toContain('CPTPP');
    expect(evaluateCompliance(food({ hsCode: undefined }), 'ID', TODAY, ['en']).checks.find((c) => c.code === 'CERTIFICATE_OF_ORIGIN')!.status).toBe('WARN');
  });

  it('handicrafts skip the food rules but still need HS code, origin and materials', () => {
    const craft = food({
      category: 'HANDICRAFT',
      ingredients: undefined,
      shelfLifeDays: undefined,
      netContent: undefined,
      certifications: [],
      labelLanguages: ['id'],
    });
    const report = evaluateCompliance(craft, 'ID', TODAY, ['en']);
    const codes = report.checks.map((c) => c.code);
    expect(codes).not.toContain('HALAL_CERTIFICATE');
    expect(codes).not.toContain('SHELF_LIFE');
    expect(codes).toEqual(expect.arrayContaining(['HS_CODE', 'ORIGIN', 'MATERIAL_CONTENT']));
    expect(report.status).toBe('GAPS');
    const english = evaluateCompliance({ ...craft, labelLanguages: ['en'] }, 'ID', TODAY, ['en']);
    expect(english.checks.find((c) => c.code === 'LABEL_LANGUAGE')).toMatchObject({ level: 'RECOMMENDED', status: 'WARN' });
    expect(evaluateCompliance({ ...craft, labelLanguages: ['en'] }, 'PH', TODAY, ['en']).status).toBe('GAPS');
    expect(evaluateCompliance({ ...craft, labelLanguages: ['vi'] }, 'PH', TODAY, ['en']).status).toBe('BLOCKED');
  });

  it('uses the generic default for other APEC destinations', () => {
    const report = evaluateCompliance(food({ labelLanguages: ['vi'] }), 'US', TODAY, ['en']);
    expect(report.checks.find((c) => c.code === 'LABEL_LANGUAGE')!.status).toBe('WARN');
    expect(report.status).toBe('GAPS');
  });

  it('reads the requirement in the requested language', () => {
    const [ja] = evaluateCompliance(food(), 'JP', TODAY, ['ja']).checks;
    const [th] = evaluateCompliance(food(), 'JP', TODAY, ['th']).checks;
    expect(ja!.requirement).toBe('関税分類のためのHSコード（6桁）');
    expect(th!.requirement).toContain('HS');
    expect(th!.requirement).not.toBe(ja!.requirement);
  });

  it('exemptions carry their reason: spirits need no date, fermented drinks of unknown strength warn', () => {
    const spirit = food({ category: 'BEVERAGE', hsCode: '220890', shelfLifeDays: undefined });
    expect(evaluateCompliance(spirit, 'VN', TODAY, ['en']).checks.find((c) => c.code === 'SHELF_LIFE')).toMatchObject({
      status: 'NOT_APPLICABLE',
      detail: expect.stringContaining('10 %'),
    });
    const sake = food({ category: 'BEVERAGE', hsCode: '220600', shelfLifeDays: undefined });
    expect(check(sake, 'VN', 'SHELF_LIFE')).toEqual(['WARN']);
    expect(check(food({ hsCode: '210390', shelfLifeDays: undefined }), 'VN', 'SHELF_LIFE')).toEqual(['MISSING']);
  });

  it('a procedure is reported NOT_APPLICABLE even when nothing on record could satisfy it', () => {
    const procedures = evaluateCompliance(food({ certifications: [] }), 'JP', TODAY, ['en']).checks.filter((c) => c.level === 'PROCEDURE');
    expect(procedures.length).toBeGreaterThan(0);
    for (const c of procedures) expect(c.status).toBe('NOT_APPLICABLE');
    expect(evaluateCompliance(food(), 'VN', TODAY, ['en']).checks.map((c) => c.code)).not.toContain('IMPORT_INSPECTION');
  });

  it('the prohibited pork path passes with a designated heat-treatment certificate', () => {
    const pork = food({ hsCode: '160100', ingredients: { vi: 'thịt lợn, muối' }, allergens: [] });
    expect(check(pork, 'JP', 'ANIMAL_QUARANTINE')).toEqual(['MISSING']);
    const treated = { ...pork, certifications: [{ scheme: 'JP_DESIGNATED_HEAT_TREATMENT', id: 'VN-HT-1' }] };
    expect(check(treated, 'JP', 'ANIMAL_QUARANTINE')).toEqual(['PASS']);
    expect(check({ ...pork, origin: { country: 'AU' } }, 'JP', 'ANIMAL_QUARANTINE')).toEqual([]);
  });

  it('every check names the day its rule was last checked', () => {
    for (const c of evaluateCompliance(food(), 'JP', TODAY, ['en']).checks) expect(c.lastChecked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('halal meat into Malaysia needs a recognised body and a plant JAKIM recognises', () => {
    const beef = food({ economy: 'JP', origin: { country: 'JP' }, hsCode: '020130', ingredients: { ja: '牛肉' }, allergens: [], certifications: [] });
    expect(check(beef, 'MY', 'HALAL_SLAUGHTER')).toEqual(['MISSING']);
    expect(check(beef, 'MY', 'HALAL_CERTIFICATE')).toEqual([]);
    const certified = { ...beef, certifications: [{ scheme: 'HALAL', id: 'JMA-2026-01', issuer: 'Japan Muslim Association', validUntil: '2027-06-30' }] };
    expect(check(certified, 'MY', 'HALAL_SLAUGHTER')).toEqual(['MISSING']);
    const plant = { ...certified, certifications: [...certified.certifications, { scheme: 'JAKIM_RECOGNISED_PLANT', id: 'JP-EST-12', issuer: 'JAKIM' }] };
    expect(check(plant, 'MY', 'HALAL_SLAUGHTER')).toEqual(['PASS']);
    expect(check({ ...beef, hsCode: '020311', ingredients: { ja: '豚肉' } }, 'MY', 'HALAL_SLAUGHTER')).toEqual([]);
  });

  it('the Philippines: processed food registers with the FDA, fresh and primary food goes through the Department of Agriculture', () => {
    const lychee = food({ hsCode: '081090', ingredients: { vi: 'Quả vải tươi' }, allergens: [], certifications: [] });
    const statuses = evaluateCompliance(lychee, 'PH', TODAY, ['en']).checks.filter((c) => c.code === 'FOOD_REGISTRATION' || c.code === 'LICENSE_TO_OPERATE');
    expect(statuses).toEqual([
      expect.objectContaining({
        code: 'FOOD_REGISTRATION',
        level: 'PROCEDURE',
        status: 'NOT_APPLICABLE',
        detail: expect.stringContaining('Department of Agriculture'),
      }),
    ]);
    expect(check(food({ certifications: [] }), 'PH', 'FOOD_REGISTRATION')).toEqual(['MISSING']);
    expect(check(food({ certifications: [] }), 'PH', 'LICENSE_TO_OPERATE')).toEqual(['NOT_APPLICABLE']);
  });
});
