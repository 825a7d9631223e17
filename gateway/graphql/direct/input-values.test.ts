import fc from 'fast-check';
import { buildSchema, getArgumentValues, getVariableValues, type FieldNode, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileArguments, compileVariables } from './input-values';

const schema = buildSchema(`
  enum Sort { NAME PRICE }
  input Range { min: Int, max: Int! }
  input Filter { text: String, economy: String = "JP", sort: Sort, range: Range, tags: [String!] }
  type Query {
    products(first: Int = 20, lang: String, currency: String!, filter: Filter, sort: Sort = NAME, ids: [ID!]): Int
  }
`);
const field = schema.getQueryType()!.getFields().products!;

const OPERATIONS = [
  'query($first: Int, $lang: String, $currency: String!, $text: String) { products(first: $first, lang: $lang, currency: $currency, filter: { text: $text }) }',
  'query($c: String = "USD", $min: Int, $max: Int) { products(currency: $c, filter: { range: { min: $min, max: $max }, sort: PRICE }) }',
  'query($first: Int!, $c: String!, $s: Sort) { products(first: $first, currency: $c, sort: $s, filter: { economy: "VN", text: null }) }',
  'query($c: String!, $t: String) { products(currency: $c, filter: { tags: ["a", $t] }, ids: ["x"]) }',
  'query($c: String, $e: String) { products(currency: $c, filter: { economy: $e }) }',
];

/** What a variable may be sent as: absent, null, or a value of any JSON kind. */
const input = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: -3, max: 2 ** 31 + 3 }),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 4 }),
  fc.constantFrom('NAME', 'PRICE', 'USD'),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }),
);
const NAMES = ['first', 'lang', 'currency', 'text', 'c', 'min', 'max', 's', 't', 'e'];

/** graphql-js's own values for an operation and inputs: variables then the field's arguments (an error: undefined). */
function reference(operation: OperationDefinitionNode, inputs: Record<string, unknown>) {
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], inputs);
  if (variables.errors) return { variables: undefined, args: undefined };
  const node = operation.selectionSet.selections[0] as FieldNode;
  try {
    return { variables: variables.coerced, args: getArgumentValues(field, node, variables.coerced) };
  } catch {
    return { variables: variables.coerced, args: undefined };
  }
}

describe('compiled variable and argument coercion', () => {
  it.each(OPERATIONS)('gives what graphql-js gives, or leaves it to graphql-js: %s', (text) => {
    const operation = parse(text).definitions[0] as OperationDefinitionNode;
    const node = operation.selectionSet.selections[0] as FieldNode;
    const variablesOf = compileVariables(schema, operation.variableDefinitions ?? []);
    const argsOf = compileArguments(field.args, node.arguments ?? []);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...NAMES), input, { maxKeys: 6 }), (sent) => {
        const inputs = Object.fromEntries(Object.entries(sent).filter(([, v]) => v !== undefined));
        const expected = reference(operation, inputs);
        const variables = variablesOf?.(inputs);
        if (variables !== undefined) expect(variables).toStrictEqual(expected.variables);
        if (expected.variables === undefined) expect(variables).toBeUndefined();
        if (!expected.variables || !argsOf) return;
        const args = argsOf(expected.variables);
        if (args !== undefined) expect(args).toStrictEqual(expected.args);
        if (expected.args === undefined) expect(args).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('compiles the portal query, and leaves lists of variables and non-leaf variables to graphql-js', () => {
    const compiled = (text: string) => {
      const operation = parse(text).definitions[0] as OperationDefinitionNode;
      const node = operation.selectionSet.selections[0] as FieldNode;
      return { variables: compileVariables(schema, operation.variableDefinitions ?? []), args: compileArguments(field.args, node.arguments ?? []) };
    };
    expect(compiled(OPERATIONS[0]!)).toMatchObject({ variables: expect.any(Function), args: expect.any(Function) });
    expect(compiled(OPERATIONS[3]!).args).toBeUndefined();
    expect(compiled('query($f: Filter) { products(currency: "USD", filter: $f) }').variables).toBeUndefined();
  });
});
