import {
  getNullableType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isLeafType,
  isNonNullType,
  Kind,
  typeFromAST,
  type ValueNode,
  valueFromAST,
  type VariableDefinitionNode,
} from 'graphql';

/**
 * Variable and argument coercion compiled once per query plan, for the inputs a portal sends
 * (scalars and enums, input objects of them): graphql-js's `getVariableValues` and
 * `getArgumentValues` walk the AST and the types again on every request, a tenth of a long-tail
 * request's execution. What is compiled gives the values graphql-js gives; whatever graphql-js
 * would refuse, and any input it does not cover (lists, oneOf input objects), compiles to nothing
 * or returns undefined, and the caller asks graphql-js, which answers or refuses as it always does.
 */

/** A request's variables → its coerced values; undefined when graphql-js must coerce them. */
export type VariablesCoercer = (inputs: Readonly<Record<string, unknown>>) => Record<string, unknown> | undefined;
/** A request's coerced variables → a field's argument values; undefined when graphql-js must compute them. */
export type ArgumentsCoercer = (variables: Readonly<Record<string, unknown>>) => Record<string, unknown> | undefined;

/** Marks a value graphql-js would refuse (its `undefined` of valueFromAST). */
const INVALID = Symbol('invalid');
type Compiled = (variables: Readonly<Record<string, unknown>>) => unknown;

/** The coercer of an operation's variable definitions; undefined when one is not a leaf type. */
export function compileVariables(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[]): VariablesCoercer | undefined {
  const steps: Array<(inputs: Readonly<Record<string, unknown>>, out: Record<string, unknown>) => boolean> = [];
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const leaf = type && getNullableType(type);
    if (!type || !isLeafType(leaf)) return undefined;
    const nonNull = isNonNullType(type);
    const fallback = definition.defaultValue ? { value: valueFromAST(definition.defaultValue, type) } : undefined;
    steps.push((inputs, out) => {
      if (!Object.hasOwn(inputs, name)) {
        if (fallback) out[name] = fallback.value;
        return fallback !== undefined || !nonNull;
      }
      const value = inputs[name];
      if (value === null || value === undefined) {
        out[name] = null;
        return !nonNull;
      }
      let parsed: unknown;
      try {
        parsed = leaf.parseValue(value);
      } catch {
        return false;
      }
      out[name] = parsed;
      return parsed !== undefined;
    });
  }
  return (inputs) => {
    const out: Record<string, unknown> = {};
    for (const step of steps) if (!step(inputs, out)) return undefined;
    return out;
  };
}

/** The coercer of a field's arguments as written in the query; undefined when one is beyond what compiles. */
export function compileArguments(
  args: readonly GraphQLArgument[],
  nodes: readonly { name: { value: string }; value: ValueNode }[],
): ArgumentsCoercer | undefined {
  const steps: Array<(variables: Readonly<Record<string, unknown>>, out: Record<string, unknown>) => boolean> = [];
  for (const arg of args) {
    const { name, type, defaultValue } = arg;
    const node = nodes.find((n) => n.name.value === name);
    if (!node) {
      if (defaultValue !== undefined) steps.push((_, out) => ((out[name] = defaultValue), true));
      else if (isNonNullType(type)) return undefined;
      continue;
    }
    const valueNode = node.value;
    if (valueNode.kind === Kind.VARIABLE) {
      const variable = valueNode.name.value;
      steps.push((variables, out) => {
        if (!Object.hasOwn(variables, variable)) {
          if (defaultValue !== undefined) out[name] = defaultValue;
          return defaultValue !== undefined || !isNonNullType(type);
        }
        const value = variables[variable];
        if (value === undefined || (value === null && isNonNullType(type))) return false;
        out[name] = value;
        return true;
      });
      continue;
    }
    const value = compileValue(valueNode, type);
    if (!value) return undefined;
    steps.push((variables, out) => {
      const coerced = value(variables);
      if (coerced === INVALID) return false;
      out[name] = coerced;
      return true;
    });
  }
  return (variables) => {
    // A plain object, as graphql-js returns (input objects inside have no prototype).
    const out: Record<string, unknown> = {};
    for (const step of steps) if (!step(variables, out)) return undefined;
    return out;
  };
}

/** valueFromAST of one value, compiled (INVALID where it returns undefined); undefined when it is beyond what compiles. */
function compileValue(node: ValueNode, type: GraphQLInputType): Compiled | undefined {
  if (!usesVariables(node)) {
    const constant = valueFromAST(node, type, {});
    return constant === undefined ? undefined : () => constant;
  }
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    const nonNull = isNonNullType(type);
    return (variables) => {
      const value = variables[name];
      if (!Object.hasOwn(variables, name) || value === undefined || (value === null && nonNull)) return INVALID;
      return value;
    };
  }
  const nullable = getNullableType(type);
  if (!isInputObjectType(nullable) || nullable.isOneOf || node.kind !== Kind.OBJECT) return undefined;
  const fields: Array<(variables: Readonly<Record<string, unknown>>, out: Record<string, unknown>) => boolean> = [];
  for (const field of Object.values(nullable.getFields())) {
    const { name, defaultValue } = field;
    const fieldNode = node.fields.find((f) => f.name.value === name);
    const absent = (out: Record<string, unknown>) => {
      if (defaultValue !== undefined) out[name] = defaultValue;
      return defaultValue !== undefined || !isNonNullType(field.type);
    };
    if (!fieldNode) {
      fields.push((_, out) => absent(out));
      continue;
    }
    const value = compileValue(fieldNode.value, field.type);
    if (!value) return undefined;
    const variable = fieldNode.value.kind === Kind.VARIABLE ? fieldNode.value.name.value : undefined;
    fields.push((variables, out) => {
      // graphql-js's isMissingVariable: a variable without a value counts as an absent field.
      if (variable !== undefined && variables[variable] === undefined) return absent(out);
      const coerced = value(variables);
      if (coerced === INVALID) return false;
      out[name] = coerced;
      return true;
    });
  }
  return (variables) => {
    const out: Record<string, unknown> = Object.create(null);
    for (const field of fields) if (!field(variables, out)) return INVALID;
    return out;
  };
}

/** Whether a value reads a variable anywhere inside. */
export function usesVariables(node: ValueNode): boolean {
  if (node.kind === Kind.VARIABLE) return true;
  if (node.kind === Kind.LIST) return node.values.some(usesVariables);
  if (node.kind === Kind.OBJECT) return node.fields.some((field) => usesVariables(field.value));
  return false;
}
