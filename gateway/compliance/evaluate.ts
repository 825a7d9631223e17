import { agreementsBetween } from '../../schemas/compliance/agreements';
import type { Rule, RuleTest } from '../../schemas/compliance/rule';
import { LISTED_DESTINATIONS, RULES } from '../../schemas/compliance/rules';
import type { CanonicalProduct } from '../../schemas/product';
import { pickLocalized } from '../normalize/language';

export type CheckStatus = 'PASS' | 'WARN' | 'MISSING' | 'EXPIRED' | 'NOT_APPLICABLE';
export type ComplianceStatus = 'READY' | 'GAPS' | 'BLOCKED';

export interface ComplianceCheck {
  code: string;
  level: Rule['level'];
  requirement: string;
  status: CheckStatus;
  detail: string | null;
  reference: string;
}

export interface ComplianceReport {
  productId: string;
  destination: string;
  status: ComplianceStatus;
  checks: ComplianceCheck[];
}

const GOODS = new Set(['FOOD', 'BEVERAGE', 'HERBAL', 'TEXTILE', 'HANDICRAFT']);
const METRIC = new Set(['GRM', 'KGM', 'MLT', 'LTR']);

/**
 * What a product has and lacks to be sold in `destination`, checked rule by rule on `today`
 * (YYYY-MM-DD). BLOCKED when a mandatory check is MISSING or EXPIRED, GAPS when only recommended
 * checks WARN, READY otherwise. Requirements read in the first language of `languages` it has.
 */
export function evaluateCompliance(
  product: CanonicalProduct,
  destination: string,
  today: string,
  languages: readonly string[],
): ComplianceReport {
  const checks = rulesFor(product, destination).map((rule) => {
    const [outcome, detail] = judge(rule.test, product, destination, today);
    const status: CheckStatus = outcome === 'FAIL' || outcome === 'EXPIRED' ? failure(rule, outcome) : outcome;
    return {
      code: rule.code,
      level: rule.level,
      requirement: pickLocalized(rule.requirement, languages, 'en')!.value,
      status,
      detail,
      reference: rule.reference,
    };
  });
  const status: ComplianceStatus = checks.some((c) => c.status === 'MISSING' || c.status === 'EXPIRED')
    ? 'BLOCKED'
    : checks.some((c) => c.status === 'WARN')
      ? 'GAPS'
      : 'READY';
  return { productId: product.id, destination, status, checks };
}

/** A failed mandatory rule is MISSING (or EXPIRED); a failed recommended rule only warns. */
function failure(rule: Rule, outcome: 'FAIL' | 'EXPIRED'): CheckStatus {
  if (rule.level === 'RECOMMENDED') return 'WARN';
  return outcome === 'EXPIRED' ? 'EXPIRED' : 'MISSING';
}

/** The rules for this destination, category and origin; a destination's own rule overrides `*`. */
function rulesFor(product: CanonicalProduct, destination: string): Rule[] {
  const key = LISTED_DESTINATIONS.includes(destination) ? destination : 'DEFAULT';
  const category = product.category;
  const applicable = RULES.filter((r) => {
    if (!r.destinations.includes(key) && !r.destinations.includes('*')) return false;
    if (r.categories && !(category ? r.categories.includes(category) : r.categories.some((c) => GOODS.has(c)))) return false;
    if (r.origins?.only && !r.origins.only.includes(product.origin.country)) return false;
    if (r.origins?.except?.includes(product.origin.country)) return false;
    return true;
  });
  const specific = new Set(applicable.filter((r) => !r.destinations.includes('*')).map((r) => r.code));
  return applicable.filter((r) => !r.destinations.includes('*') || !specific.has(r.code));
}

type Outcome = ['PASS' | 'FAIL' | 'EXPIRED' | 'NOT_APPLICABLE', string | null];

function judge(test: RuleTest, p: CanonicalProduct, destination: string, today: string): Outcome {
  switch (test.kind) {
    case 'present': {
      const value = valueAt(p, test.field);
      return present(value) ? ['PASS', `${test.field}: ${summary(value)}`] : ['FAIL', `no ${test.field} on record`];
    }
    case 'pattern': {
      const value = valueAt(p, test.field);
      if (!present(value)) return ['FAIL', `no ${test.field} on record`];
      return new RegExp(test.pattern).test(String(value))
        ? ['PASS', `${test.field}: ${value}`]
        : ['FAIL', `${test.field} ${value} does not match ${test.pattern}`];
    }
    case 'certificate': {
      const ofScheme = p.certifications.filter((c) => test.schemes.includes(c.scheme));
      if (ofScheme.length === 0) {
        return test.claimedOnly ? ['NOT_APPLICABLE', `no ${test.schemes.join('/')} claim`] : ['FAIL', `no ${test.schemes.join(' or ')} certificate`];
      }
      const fitting = test.idPattern ? ofScheme.filter((c) => c.id && new RegExp(test.idPattern!).test(c.id)) : ofScheme;
      if (fitting.length === 0) {
        return ['FAIL', `${ofScheme.map(describe).join('; ')} does not match ${test.idPattern} (imports need their own registration)`];
      }
      const valid = fitting.find((c) => !c.validUntil || c.validUntil >= today);
      if (valid) return ['PASS', describe(valid)];
      return ['EXPIRED', fitting.map(describe).join('; ')];
    }
    case 'labelLanguage': {
      if (p.labelLanguages.length === 0) return ['FAIL', `no label languages on record; needs ${test.anyOf.join(' or ')}`];
      const ok = p.labelLanguages.some((l) => test.anyOf.includes(l.split('-')[0]!));
      return [ok ? 'PASS' : 'FAIL', `label in ${p.labelLanguages.join(', ')}; needs ${test.anyOf.join(' or ')}`];
    }
    case 'metricQuantity': {
      if (!p.netContent) return ['FAIL', 'no net content on record'];
      const found = `${p.netContent.value} ${p.netContent.unit}`;
      return METRIC.has(p.netContent.unit) ? ['PASS', found] : ['FAIL', `${found}: not a metric mass or volume`];
    }
    case 'allergens': {
      if (!p.ingredients) return ['FAIL', 'no ingredient statement to declare allergens against'];
      const declared = p.allergens.length ? `declares ${p.allergens.join(', ')}` : 'declares no allergens';
      return ['PASS', test.mustDeclare.length ? `${declared}; must declare any of ${test.mustDeclare.join(', ')}` : declared];
    }
    case 'preferentialOrigin': {
      const agreements = agreementsBetween(p.origin.country, destination);
      if (agreements.length === 0) return ['NOT_APPLICABLE', `no preferential agreement from ${p.origin.country} to ${destination}`];
      const names = agreements.map((a) => `${a.name} (${a.certificate})`).join('; ');
      return p.hsCode ? ['PASS', `eligible under ${names}; issued per shipment`] : ['FAIL', `origin criteria need an HS code; agreements: ${names}`];
    }
    case 'organicClaim': {
      const organic = p.certifications.filter((c) => c.scheme === 'ORGANIC' || c.scheme === test.requires);
      if (organic.length === 0) return ['NOT_APPLICABLE', 'no organic claim'];
      const required = organic.filter((c) => c.scheme === test.requires);
      if (required.length === 0) return ['FAIL', `organic claim without ${test.requires}: ${organic.map(describe).join('; ')}`];
      const valid = required.find((c) => !c.validUntil || c.validUntil >= today);
      return valid ? ['PASS', describe(valid)] : ['EXPIRED', required.map(describe).join('; ')];
    }
  }
}

function describe(c: CanonicalProduct['certifications'][number]): string {
  const parts = [c.scheme, c.id, c.issuer && `(${c.issuer})`].filter(Boolean).join(' ');
  return c.validUntil ? `${parts}, valid until ${c.validUntil}` : `${parts}, no expiry on record`;
}

function valueAt(product: CanonicalProduct, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), product);
}

function present(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function summary(value: unknown): string {
  if (typeof value === 'object') return Object.values(value as object).map(String)[0]?.slice(0, 80) ?? '';
  return String(value);
}
