import { economyName, ECONOMIES } from '../../../schemas/economies';
import { PROGRAMMES } from '../../../schemas/programmes';
import { CATEGORIES } from '../../../schemas/taxonomy/categories';
import { CERTIFICATION_SCHEMES } from '../../../schemas/taxonomy/certifications';
import type { CertificationRecord } from '../../../schemas/product';
import type { Labels } from '../../../schemas/languages';
import { formatMoney, type MoneyView } from '../../money/currency';
import { pickLocalized } from '../../normalize/language';
import type { GatewayContext } from '../context';
import type { CodeRef } from './refs';

type LangArgs = { lang?: string | null };

/** A label from a vocabulary table in the best of the preferred languages. */
export function label(labels: Labels, languages: string[]): string {
  return pickLocalized(labels as Record<string, string>, languages, 'en')!.value;
}

export const Economy = {
  name: (ref: CodeRef, args: LangArgs, ctx: GatewayContext) => {
    const lang = args.lang ? ctx.languages(args.lang)[0]! : ref.languages[0]!;
    return economyName(ref.code, lang);
  },
  programme: (ref: CodeRef, _: unknown, ctx: GatewayContext) => programmeOf(ref.code, ctx),
  programmeName: (ref: CodeRef, args: LangArgs, ctx: GatewayContext) => {
    const code = programmeOf(ref.code, ctx);
    const labels = PROGRAMMES.get(code)?.labels;
    return labels ? label(labels, args.lang ? ctx.languages(args.lang) : ref.languages) : code;
  },
  currency: (ref: CodeRef) => ECONOMIES.get(ref.code)?.currency ?? 'USD',
  languages: (ref: CodeRef) => ECONOMIES.get(ref.code)?.languages ?? [],
  productCount: async (ref: CodeRef, _: unknown, ctx: GatewayContext) => (await ctx.index()).economyCounts.get(ref.code) ?? 0,
};

function programmeOf(economy: string, ctx: GatewayContext): string {
  return ctx.federation.connectors().find((c) => c.economy === economy)?.programme ?? ECONOMIES.get(economy)?.programme ?? 'OVOP';
}

export const Certification = {
  label: (cert: CertificationRecord & { languages?: string[] }, args: LangArgs, ctx: GatewayContext) => {
    const labels = CERTIFICATION_SCHEMES[cert.scheme];
    return labels ? label(labels, args.lang ? ctx.languages(args.lang) : (cert.languages ?? ctx.languages())) : cert.scheme;
  },
};

const CATEGORY_LABELS = new Map<string, Labels>(CATEGORIES.map((c) => [c.code, c.labels]));

export const Category = {
  label: (ref: CodeRef, args: LangArgs, ctx: GatewayContext) => {
    return label(CATEGORY_LABELS.get(ref.code)!, args.lang ? ctx.languages(args.lang) : ref.languages);
  },
};

export const Money = {
  formatted: (money: MoneyView & { languages?: string[] }, args: { locale?: string | null }, ctx: GatewayContext) => {
    const locale = args.locale ? ctx.languages(args.locale)[0]! : (money.languages?.[0] ?? 'en');
    return formatMoney(money, locale);
  },
  original: (money: MoneyView & { languages?: string[] }) => money.original && Object.assign({}, money.original, { languages: money.languages }),
};

export const ComplianceCheck = {
  mandatory: (check: { level: string }) => check.level === 'MANDATORY',
};
