import { agreementsBetween } from '../../schemas/compliance/agreements';
import { mentionedAllergens, productForms, type ProductForm } from '../../schemas/compliance/forms';
import type { Rule, RuleTest, Selector } from '../../schemas/compliance/rule';
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
  /** The day the rule's reference was last read against its instrument (optional for hand-built reports). */
  lastChecked?: string;
}

export interface ComplianceReport {
  productId: string;
  destination: string;
  status: ComplianceStatus;
  checks: ComplianceCheck[];
}

const GOODS = new Set(['FOOD', 'BEVERAGE', 'HERBAL', 'TEXTILE', 'HANDICRAFT']);
const METRIC = new Set(['GRM', 'KGM', 'MLT', 'LTR']);
const COUNT = 'H87';

interface Facts {
  product: CanonicalProduct;
  forms: Set<ProductForm>;
  destination: string;
  today: string;
}

/**
 * What a product has and lacks to be sold in `destination`, checked rule by rule on `today`
 * (YYYY-MM-DD, the settable clock). BLOCKED when a mandatory check is MISSING or EXPIRED, GAPS when
 * a check WARNs, READY otherwise; procedures are NOT_APPLICABLE checks that say what the importer
 * must do. Requirements read in the first language of `languages` it has.
 */
export function evaluateCompliance(product: CanonicalProduct, destination: string, today: string, languages: readonly string[]): ComplianceReport {
  const facts: Facts = { product, forms: formsOf(product), destination, today };
  const checks = rulesFor(facts).map((rule) => {
    const exemption = rule.exemptions.find((e) => matches(e.when, facts));
    const [outcome, detail] = exemption
      ? [exemption.outcome === 'WARN' ? ('UNCONFIRMED' as const) : ('NOT_APPLICABLE' as const), exemption.reason]
      : judge(rule.test, facts);
    return {
      code: rule.code,
      level: rule.level,
      requirement: pickLocalized(rule.requirement, languages, 'en')!.value,
      status: statusOf(rule, outcome),
      detail,
      reference: rule.reference,
      lastChecked: rule.lastChecked,
    };
  });
  const status: ComplianceStatus = checks.some((c) => c.status === 'MISSING' || c.status === 'EXPIRED')
    ? 'BLOCKED'
    : checks.some((c) => c.status === 'WARN')
      ? 'GAPS'
      : 'READY';
  return { productId: product.id, destination, status, checks };
}

/** A failed mandatory rule is MISSING (or EXPIRED); a failed recommended rule, or what the record cannot confirm, warns. */
function statusOf(rule: Rule, outcome: Outcome[0]): CheckStatus {
  if (rule.level === 'PROCEDURE') return 'NOT_APPLICABLE';
  if (outcome === 'UNCONFIRMED') return 'WARN';
  if (outcome !== 'FAIL' && outcome !== 'EXPIRED') return outcome;
  if (rule.level === 'RECOMMENDED') return 'WARN';
  return outcome === 'EXPIRED' ? 'EXPIRED' : 'MISSING';
}

function formsOf(p: CanonicalProduct): Set<ProductForm> {
  const ingredients = p.ingredients ? Object.values(p.ingredients) : [];
  return productForms({ hsCode: p.hsCode, texts: [...Object.values(p.name), ...ingredients], ingredients });
}

/** True when every list the selector gives matches the product (any entry of a list). */
function matches(selector: Selector, { product, forms }: Facts): boolean {
  if (selector.hsPrefixes && !(product.hsCode && selector.hsPrefixes.some((h) => product.hsCode!.startsWith(h)))) return false;
  if (selector.forms && !selector.forms.some((f) => forms.has(f))) return false;
  if (selector.origins && !selector.origins.includes(product.origin.country)) return false;
  return true;
}

/** The rules for this destination, category, origin and form; a destination's own rule overrides `*`. */
function rulesFor(facts: Facts): Rule[] {
  const { product, destination } = facts;
  const key = LISTED_DESTINATIONS.includes(destination) ? destination : 'DEFAULT';
  const category = product.category;
  const applicable = RULES.filter((r) => {
    if (!r.destinations.includes(key) && !r.destinations.includes('*')) return false;
    if (r.categories && !(category ? r.categories.includes(category) : r.categories.some((c) => GOODS.has(c)))) return false;
    if (r.origins?.only && !r.origins.only.includes(product.origin.country)) return false;
    if (r.origins?.except?.includes(product.origin.country)) return false;
    if (r.when && !matches(r.when, facts)) return false;
    if (r.unless?.some((s) => matches(s, facts))) return false;
    return true;
  });
  const specific = new Set(applicable.filter((r) => !r.destinations.includes('*')).map((r) => r.code));
  return applicable.filter((r) => !r.destinations.includes('*') || !specific.has(r.code));
}

type Outcome = ['PASS' | 'FAIL' | 'EXPIRED' | 'NOT_APPLICABLE' | 'UNCONFIRMED', string | null];
type Cert = CanonicalProduct['certifications'][number];

function judge(test: RuleTest, facts: Facts): Outcome {
  const { product: p, destination, today } = facts;
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
    case 'certificate':
      return certificate(test, facts);
    case 'labelLanguage': {
      const ok = p.labelLanguages.some((l) => test.anyOf.includes(l.split('-')[0]!));
      const found = p.labelLanguages.length ? `label in ${p.labelLanguages.join(', ')}` : 'no label languages on record';
      if (ok) return ['PASS', `${found}; needs ${test.anyOf.join(' or ')}`];
      if (test.supplementary && p.origin.country !== destination) return ['UNCONFIRMED', `${found}: ${test.supplementary}`];
      return ['FAIL', `${found}; needs ${test.anyOf.join(' or ')}`];
    }
    case 'metricQuantity': {
      if (!p.netContent) return ['FAIL', 'no net content on record'];
      const found = `${p.netContent.value} ${p.netContent.unit}`;
      if (p.netContent.unit === COUNT) return ['PASS', `${p.netContent.value} piece(s), declared as a count`];
      return METRIC.has(p.netContent.unit) ? ['PASS', found] : ['FAIL', `${found}: not a metric mass or volume, nor a count`];
    }
    case 'allergens':
      return allergens(test, p);
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
      const valid = required.find((c) => valid_(c, today));
      return valid ? ['PASS', describe(valid)] : ['EXPIRED', required.map(describe).join('; ')];
    }
    case 'procedure':
      return ['NOT_APPLICABLE', test.action];
    case 'labelStatement':
      return ['UNCONFIRMED', `${test.statement}; the record cannot show the label`];
    case 'confirm':
      return ['UNCONFIRMED', test.question];
    case 'prohibited': {
      const held = p.certifications.find((c) => c.scheme === test.unlessScheme && valid_(c, today));
      return held ? ['PASS', `${describe(held)}: ${test.reason}`] : ['FAIL', `${test.reason} (origin ${p.origin.country}); no ${test.unlessScheme} on record`];
    }
  }
}

function certificate(test: Extract<RuleTest, { kind: 'certificate' }>, { product: p, today }: Facts): Outcome {
  const ofScheme = p.certifications.filter((c) => test.schemes.includes(c.scheme));
  if (ofScheme.length === 0) {
    return test.claimedOnly ? ['NOT_APPLICABLE', `no ${test.schemes.join('/')} claim`] : ['FAIL', `no ${test.schemes.join(' or ')} certificate`];
  }
  const fitting = test.idPattern ? ofScheme.filter((c) => c.id && new RegExp(test.idPattern!).test(c.id)) : ofScheme;
  if (fitting.length === 0) {
    return ['FAIL', `${ofScheme.map(describe).join('; ')} does not match ${test.idPattern} (imports need their own registration)`];
  }
  const domestic = (c: Cert) =>
    !!test.domestic &&
    (test.domestic.issuers.some((i) => sameBody(c, i)) || (!!test.domestic.idPattern && !!c.id && new RegExp(test.domestic.idPattern).test(c.id)));
  const recognised = (c: Cert) => !test.issuers || domestic(c) || test.issuers.some((i) => sameBody(c, i));
  const byRecognised = fitting.filter(recognised);
  if (byRecognised.length === 0) {
    const notes = fitting.map((c) => noteFor(test.issuerNotes, c) ?? `${describe(c)}: ${c.issuer ?? 'no issuer on record'} is not a recognised body`);
    return ['FAIL', `${notes.join('; ')}; recognised: ${test.issuers!.join(', ')}`];
  }
  const valid = byRecognised.find((c) => valid_(c, today));
  if (!valid) return ['EXPIRED', byRecognised.map(describe).join('; ')];
  if (test.registeredAs && !domestic(valid)) {
    const registration = p.certifications.find((c) => c.scheme === test.registeredAs && valid_(c, today));
    if (!registration) return ['FAIL', `${describe(valid)}: ${test.registrationNote ?? 'no registration on record'} (no ${test.registeredAs} on record)`];
    return ['PASS', `${describe(valid)}; registered: ${describe(registration)}`];
  }
  return ['PASS', describe(valid)];
}

function allergens(test: Extract<RuleTest, { kind: 'allergens' }>, p: CanonicalProduct): Outcome {
  const list = test.mustDeclare;
  if (!p.ingredients) {
    if (list.length === 0) return ['FAIL', 'no ingredient statement to declare allergens against'];
    return ['FAIL', `no ingredient statement: cannot confirm the absence of ${list.join(', ')}`];
  }
  const declared = new Set(p.allergens);
  const covered = (code: string) => declared.has(code) || test.groups.some((g) => g.includes(code) && g.some((m) => declared.has(m)));
  const mentioned = mentionedAllergens(Object.values(p.ingredients), list);
  const undeclared = mentioned.filter((code) => !covered(code));
  const declaration = p.allergens.length ? `declares ${p.allergens.join(', ')}` : 'declares no allergens';
  if (undeclared.length) return ['FAIL', `the ingredients mention ${undeclared.join(', ')}, not declared (${declaration}); checked against ${list.join(', ')}`];
  return ['PASS', `${declaration}; ingredients checked against ${list.join(', ')}`];
}

function sameBody(c: Cert, body: string): boolean {
  const b = body.toLowerCase();
  return (c.issuer ?? '').toLowerCase() === b || (c.id ?? '').toLowerCase().startsWith(`${b}/`) || (c.id ?? '').toLowerCase().startsWith(`${b}-`);
}

function noteFor(notes: Record<string, string> | undefined, c: Cert): string | undefined {
  if (!notes) return undefined;
  const key = Object.keys(notes).find((k) => sameBody(c, k));
  return key ? `${describe(c)}: ${notes[key]}` : undefined;
}

function valid_(c: Cert, today: string): boolean {
  return !c.validUntil || c.validUntil >= today;
}

function describe(c: Cert): string {
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
  if (typeof value === 'object')
    return (
      Object.values(value as object)
        .map(String)[0]
        ?.slice(0, 80) ?? ''
    );
  return String(value);
}
