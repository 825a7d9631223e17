import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DirectExecution } from '../gateway/graphql/direct/direct-execution';
import { IMPURE_FIELDS } from '../gateway/graphql/resolvers/fragments';
import { startGateway, type TestGateway } from './helpers/gateway';

/**
 * The direct path against yoga on random queries of the real schema: selections of
 * Query.products and Query.product (every field of a product and beneath, aliases, inline and
 * named fragments, literal @skip and @include and ones on variables, arguments from a valid set,
 * as literals and as variables). Each query goes to yoga first (its `extensions` keep the direct
 * path out, and yoga's acceptance prepares the query), then to the direct path; then with some
 * variables changed to both (what kept product cards must follow); then to the direct path again
 * with the first variables. Every answer must be yoga's to the same variables, byte for byte, and
 * the direct path must have answered each of its requests.
 */

/** An argument's tried values, and its type when it is passed as a variable. */
interface ArgumentSpec {
  type: string;
  values: readonly unknown[];
  required?: boolean;
}

/** A field of the table: its arguments, and the type of its selection (none: a leaf). */
interface FieldSpec {
  name: string;
  /** How often it is drawn beside its siblings (1 when not said): fields that read the root's currency and languages more. */
  weight?: number;
  args?: Record<string, ArgumentSpec>;
  of?: string;
}

/** An enum value written as a literal (unquoted); as a variable, its name. */
class EnumValue {
  constructor(readonly name: string) {}
}

const lang: ArgumentSpec = { type: 'String', values: ['ja', 'th', 'vi', 'id', 'ms', 'fil', 'zh-Hant', 'ko', 'en'] };
const currency: ArgumentSpec = { type: 'String', values: ['USD', 'JPY', 'THB', 'VND', 'EUR', 'IDR', 'KRW'] };
const localized = (name: string): FieldSpec => ({ name, args: { lang }, of: 'LocalizedText', weight: 3 });

/** The schema's fields beneath Query.products and Query.product, with arguments from a valid set. */
const FIELDS: Record<string, FieldSpec[]> = {
  Query: [
    {
      name: 'products',
      of: 'ProductConnection',
      args: {
        first: { type: 'Int', values: [0, 1, 2, 5, 12] },
        sort: { type: 'ProductSort', values: ['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'RATING_DESC', 'NAME_ASC'].map((v) => new EnumValue(v)) },
        filter: {
          type: 'ProductFilter',
          values: [
            { text: 'coffee' },
            { text: 'ｶﾎﾞｽ' },
            { text: 'lạp xưởng' },
            { economies: ['TH', 'JP'] },
            { minRating: 4 },
            { text: 'tea', economies: ['VN'] },
            {},
          ],
        },
        currency,
        lang,
      },
    },
    { name: 'product', of: 'Product', args: { id: { type: 'ID!', values: [], required: true }, currency, lang } },
  ],
  ProductConnection: [
    { name: 'totalCount' },
    { name: 'pageInfo', of: 'PageInfo' },
    { name: 'edges', of: 'ProductEdge' },
    { name: 'facets', of: 'ProductFacets' },
  ],
  PageInfo: [{ name: 'hasNextPage' }, { name: 'endCursor' }, { name: 'hasPreviousPage' }, { name: 'startCursor' }],
  ProductEdge: [{ name: 'cursor' }, { name: 'node', of: 'Product' }, { name: 'matchedBy', of: 'SearchMatch' }],
  SearchMatch: [{ name: 'term' }, { name: 'matched' }, { name: 'kind' }, { name: 'field' }, { name: 'concept' }],
  ProductFacets: [
    { name: 'economies', of: 'FacetCount' },
    { name: 'categories', of: 'FacetCount' },
    { name: 'ratings', of: 'RatingFacetCount' },
    { name: 'certifications', of: 'FacetCount' },
  ],
  FacetCount: [{ name: 'code' }, { name: 'count' }],
  RatingFacetCount: [{ name: 'value' }, { name: 'count' }],
  Product: [
    { name: '__typename' },
    { name: 'id' },
    { name: 'economy', of: 'Economy', weight: 2 },
    { name: 'programme' },
    localized('name'),
    { name: 'names', of: 'LocalizedText' },
    localized('description'),
    localized('story'),
    { name: 'category', of: 'Category', weight: 2 },
    { name: 'price', args: { currency }, of: 'Money', weight: 4 },
    { name: 'rating', of: 'ProgrammeRating' },
    { name: 'producer', of: 'Producer' },
    { name: 'origin', of: 'Place' },
    { name: 'certifications', of: 'Certification', weight: 2 },
    { name: 'gtin' },
    { name: 'hsCode' },
    { name: 'netContent', of: 'Quantity' },
    localized('ingredients'),
    { name: 'allergens' },
    { name: 'shelfLifeDays' },
    { name: 'labelLanguages' },
    { name: 'images' },
    { name: 'url' },
    { name: 'marketplaces', of: 'MarketplaceListing' },
    { name: 'traceabilityUrl' },
    { name: 'source', of: 'Provenance' },
    { name: 'jsonld', args: { lang, currency } },
    { name: 'compliance', args: { destination: { type: 'String!', values: ['JP', 'US', 'AU', 'SG'], required: true }, lang }, of: 'ComplianceReport' },
  ],
  LocalizedText: [{ name: 'value' }, { name: 'lang' }, { name: 'fallback' }],
  Economy: [
    { name: 'code' },
    { name: 'name', args: { lang } },
    { name: 'programme' },
    { name: 'programmeName', args: { lang } },
    { name: 'currency' },
    { name: 'languages' },
    { name: 'productCount' },
  ],
  Category: [{ name: 'code' }, { name: 'label', args: { lang } }],
  Money: [
    { name: 'amount' },
    { name: 'currency' },
    { name: 'formatted', args: { locale: { type: 'String', values: ['en', 'ja', 'de', 'th', 'vi'] } } },
    { name: 'original', of: 'Money' },
    { name: 'rate', of: 'ExchangeRate' },
  ],
  ExchangeRate: [{ name: 'from' }, { name: 'to' }, { name: 'rate' }, { name: 'asOf' }, { name: 'source' }],
  ProgrammeRating: [{ name: 'scheme' }, { name: 'value' }, { name: 'max' }],
  Producer: [{ name: 'name' }, { name: 'region' }],
  Place: [{ name: 'country' }, { name: 'region' }, { name: 'locality' }],
  Certification: [{ name: 'scheme' }, { name: 'label', args: { lang } }, { name: 'id' }, { name: 'issuer' }, { name: 'validUntil' }],
  Quantity: [{ name: 'value' }, { name: 'unit' }],
  MarketplaceListing: [{ name: 'name' }, { name: 'url' }],
  Provenance: [{ name: 'connector' }, { name: 'upstreamId' }, { name: 'fetchedAt' }, { name: 'stale' }],
  ComplianceReport: [{ name: 'productId' }, { name: 'destination' }, { name: 'status' }, { name: 'checks', of: 'ComplianceCheck' }],
  ComplianceCheck: [
    { name: 'code' },
    { name: 'mandatory' },
    { name: 'requirement' },
    { name: 'status' },
    { name: 'detail' },
    { name: 'reference' },
    { name: 'level' },
    { name: 'lastChecked' },
  ],
};

/** A literal @skip or @include, or one reading a Boolean variable. */
interface Condition {
  name: 'skip' | 'include';
  value: boolean;
  variable: boolean;
}

interface Argument {
  name: string;
  spec: ArgumentSpec;
  /** The values it is chosen from. */
  values: readonly unknown[];
  value: unknown;
  variable: boolean;
}

type Selection =
  | { kind: 'field'; spec: FieldSpec; alias: boolean; args: Argument[]; selections?: Selection[]; condition?: Condition }
  | { kind: 'inline' | 'spread'; typed: boolean; selections: Selection[]; condition?: Condition };

/** A condition on one selection in eight or so: the query limits allow 50 directives in all. */
const conditionArb: fc.Arbitrary<Condition | undefined> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 7 },
  { arbitrary: fc.record({ name: fc.constantFrom('skip' as const, 'include' as const), value: fc.boolean(), variable: fc.boolean() }), weight: 1 },
);

/** What a query is drawn from: the ids to ask for, and whether its product cards are pure. */
interface Shape {
  productIds: readonly string[];
  /**
   * Product selections of pure fields with literal arguments only, as the fragment memo keeps
   * them: kept cards must still follow what the plan's variables change (the root's currency and
   * languages). Otherwise any field, any argument a variable: cards answered afresh each time.
   */
  cards: boolean;
}

/** Selections of a type: a few fields, and fragments of the same type among them while depth allows. */
function selectionsArb(type: string, depth: number, shape: Shape, inCard = false): fc.Arbitrary<Selection[]> {
  const card = shape.cards && (inCard || type === 'Product');
  const specs = FIELDS[type]!.filter((spec) => !card || !Object.hasOwn(IMPURE_FIELDS, `${type}.${spec.name}`));
  // The root's arguments mostly given, and as variables: what a plan's runs differ in.
  const root = type === 'Query';
  const drawn = fc.oneof(...specs.map((spec) => ({ arbitrary: fc.constant(spec), weight: spec.weight ?? 1 })));
  const field: fc.Arbitrary<Selection> = drawn.chain((spec) => {
    const args = Object.entries(spec.args ?? {}).map(([name, argument]) => {
      const values = name === 'id' ? shape.productIds : argument.values;
      const variable = card ? fc.constant(false) : root ? fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, fc.constant(false)) : fc.boolean();
      const present = fc.record({ value: fc.constantFrom(...values), variable }).map((v) => ({ name, spec: argument, values, ...v }));
      return argument.required ? present : fc.option(present, { nil: undefined, freq: root ? 5 : 2 });
    });
    return fc
      .record({
        args: fc.tuple(...args).map((all) => all.filter((a): a is Argument => a !== undefined)),
        alias: fc.boolean(),
        selections: spec.of && depth > 0 ? selectionsArb(spec.of, depth - 1, shape, card) : fc.constant(undefined),
        condition: conditionArb,
      })
      .map(({ args, alias, selections, condition }) => ({ kind: 'field' as const, spec, args, alias, selections, condition }));
  });
  const fragment: fc.Arbitrary<Selection> = fc
    .record({
      kind: fc.constantFrom('inline' as const, 'spread' as const),
      typed: fc.boolean(),
      selections: fc.constant(null).chain(() => selectionsArb(type, depth - 1, shape, card)),
      condition: conditionArb,
    })
    .map((f) => ({ ...f, typed: f.kind === 'spread' || f.typed }));
  // A field of a leaf-only type at the bottom stays a field; fragments only where there is depth left.
  const one = depth > 1 ? fc.oneof({ arbitrary: field, weight: 5 }, { arbitrary: fragment, weight: 1 }) : field;
  return fc.array(one, { minLength: 1, maxLength: type === 'Product' ? 6 : 3 });
}

/** A printed query: its text, its variables, and the values each variable may take instead. */
interface Printed {
  query: string;
  variables: Record<string, unknown>;
  alternatives: Array<[name: string, values: readonly unknown[]]>;
}

/**
 * Prints selections of a root query, aliases and variables numbered; fields with arguments are
 * aliased. Conditions on variables (which the plan leaves to graphql-js's executor) only when asked.
 */
function print(selections: Selection[], variableConditions: boolean): Printed {
  let aliases = 0;
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};
  const fragments: string[] = [];
  const alternatives: Printed['alternatives'] = [];
  const asVariable = (value: unknown) => (value instanceof EnumValue ? value.name : value);
  const variable = (type: string, value: unknown, values: readonly unknown[]) => {
    const name = `v${declarations.length}`;
    declarations.push(`$${name}: ${type}`);
    variables[name] = asVariable(value);
    alternatives.push([name, values.map(asVariable)]);
    return `$${name}`;
  };
  const literal = (value: unknown): string => {
    if (value instanceof EnumValue) return value.name;
    if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
    if (value && typeof value === 'object')
      return `{${Object.entries(value)
        .map(([k, v]) => `${k}: ${literal(v)}`)
        .join(', ')}}`;
    return JSON.stringify(value);
  };
  const condition = (c?: Condition) =>
    c ? ` @${c.name}(if: ${c.variable && variableConditions ? variable('Boolean!', c.value, [true, false]) : c.value})` : '';
  const set = (type: string, list: Selection[]): string => {
    const parts = list.map((s) => {
      if (s.kind === 'field') {
        const aliased = s.alias || s.args.length > 0 ? `a${aliases++}: ` : '';
        const args = s.args.length
          ? `(${s.args.map((a) => `${a.name}: ${a.variable ? variable(a.spec.type, a.value, a.values) : literal(a.value)}`).join(', ')})`
          : '';
        const below = s.selections ? ` ${set(s.spec.of!, s.selections)}` : s.spec.of ? ` { __typename }` : '';
        return `${aliased}${s.spec.name}${args}${condition(s.condition)}${below}`;
      }
      if (s.kind === 'inline') return `...${s.typed ? ` on ${type}` : ''}${condition(s.condition)} ${set(type, s.selections)}`;
      const name = `F${fragments.length}`;
      fragments.push(''); // its place, before the fragments inside it
      const at = fragments.length - 1;
      fragments[at] = `fragment ${name} on ${type} ${set(type, s.selections)}`;
      return `...${name}${condition(s.condition)}`;
    });
    return `{ ${parts.join(' ')} }`;
  };
  const body = set('Query', selections);
  const head = declarations.length ? `query Q(${declarations.join(', ')})` : 'query Q';
  return { query: [`${head} ${body}`, ...fragments].join('\n'), variables, alternatives };
}

let server: TestGateway;
const answers = vi.spyOn(DirectExecution.prototype, 'answer');
let productIds: string[] = [];

beforeAll(async () => {
  // The response cache off (every request computed); the day fixed (compliance reads it).
  server = await startGateway({ RESPONSE_CACHE_ENTRIES: '0' }, { clock: () => new Date('2026-06-01T12:00:00Z') });
  const { data } = await server.graphql<{ products: { edges: Array<{ node: { id: string } }> } }>(
    '{ products(first: 6, sort: PRICE_DESC) { edges { node { id } } } }',
  );
  productIds = [...data!.products.edges.map((e) => e.node.id), 'nowhere:0'];
});
afterAll(() => server?.close());

/** POSTs a body in process (app.request): the status, media type and bytes of the answer. */
async function send(body: Record<string, unknown>, headers: Record<string, string>) {
  const response = await server.gateway.app.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()).toString('utf8') };
}

/** Whether the last request was answered by the direct path. */
async function lastWasDirect(): Promise<boolean> {
  const result = answers.mock.results.at(-1);
  return result !== undefined && (await result.value) !== undefined;
}

describe('the direct path answers random queries byte for byte as yoga does', () => {
  it('for 100 selections of Query.products and Query.product', async () => {
    const headersArb = fc.record({
      'accept-language': fc.constantFrom('ja', 'th-TH,th;q=0.9', 'vi', 'en-US,en;q=0.8', 'id'),
      accept: fc.constantFrom('application/json', 'application/graphql-response+json', '*/*'),
    });
    const caseArb = fc.record({
      root: fc.boolean().chain((cards) => selectionsArb('Query', 5, { productIds, cards })),
      headers: headersArb,
      // One case in five with conditions on variables: a document the plan leaves to graphql-js's executor.
      variableConditions: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
      picks: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
    });
    let erred = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ root, headers, variableConditions, picks }) => {
        const { query, variables, alternatives } = print(root, variableConditions);
        // The same query with some variables changed (each one in two, one at least), the others
        // kept: what the plan and its kept fragments must tell apart (the same products in another currency).
        const changed = (i: number) => picks[i % picks.length]! % 2 === 1 || (i === 0 && picks.every((p) => p % 2 === 0));
        const other = Object.fromEntries(
          alternatives.map(([name, values], i) => {
            if (!changed(i)) return [name, variables[name]];
            const others = values.filter((v) => JSON.stringify(v) !== JSON.stringify(variables[name]));
            return [name, others[picks[(i + 1) % picks.length]! % others.length]];
          }),
        );
        const yoga = await send({ query, variables, extensions: {} }, headers);
        expect(await lastWasDirect()).toBe(false);
        const errors = JSON.parse(yoga.body).errors;
        if (errors) {
          // A query yoga answers with an error is the direct path's to leave: it must, and say nothing else.
          erred++;
          expect(await send({ query, variables }, headers)).toEqual(yoga);
          expect(await lastWasDirect()).toBe(false);
          return;
        }
        const direct = async (vars: Record<string, unknown>, expected: Awaited<ReturnType<typeof send>>) => {
          const answer = await send({ query, variables: vars }, headers);
          expect(await lastWasDirect(), query).toBe(true);
          expect(answer, `${query}\n${JSON.stringify(vars)}`).toEqual(expected);
        };
        await direct(variables, yoga);
        const yogaOther = await send({ query, variables: other, extensions: {} }, headers);
        if (!JSON.parse(yogaOther.body).errors) await direct(other, yogaOther);
        await direct(variables, yoga);
      }),
      { numRuns: 100, seed: Number(process.env.PARITY_SEED ?? 2026), endOnFailure: true },
    );
    // Valid queries by construction: errors are the exception, or the property tests little.
    expect(erred).toBeLessThan(10);
  });
});
