import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  isUnionType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLUnionType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** The bounds an operation's shape must stay within (see QUERY_LIMITS for the gateway's). */
export interface CostLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  /** Fragment spreads, counted each time they are reached (a fragment spread twice counts its spreads twice). */
  maxSpreads: number;
  maxIntrospectionDepth: number;
}

/** A list without a `first` argument counts as this many items (economies, certifications, ...). */
const ASSUMED_LIST_SIZE = 10;

export interface OperationCost {
  depth: number;
  cost: number;
  aliases: number;
  spreads: number;
  /** Depth of introspection (`__schema`, `__type`), bounded on its own and free of cost. */
  introspectionDepth: number;
}

/** Thrown by the walk as soon as one bound is passed; `problem` says which, for the error message. */
export class LimitExceeded extends Error {
  constructor(readonly problem: string) {
    super(problem);
  }
}

type Composite = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType;
const ZERO: OperationCost = { depth: 0, cost: 0, aliases: 0, spreads: 0, introspectionDepth: 0 };
const composite = (type: GraphQLNamedType | undefined | null): Composite | undefined =>
  type && (isObjectType(type) || isInterfaceType(type) || isUnionType(type)) ? type : undefined;

/** What an operation is measured with, beside the schema and the operation. */
export interface OperationCostOptions {
  /** The document's fragments by name. */
  fragments: Readonly<Record<string, FragmentDefinitionNode>>;
  /** The request's variables (numeric ones set list sizes through `first`). */
  variables: Readonly<Record<string, unknown>>;
  limits: CostLimits;
}

/**
 * The shape of an operation: its depth, its cost (every field counts 1, times the size of every
 * list it sits in: `first` where given, else an assumed size, through nesting, fragments and
 * aliases), its aliases and fragment spreads. Computed from the document alone, before
 * validation and execution: each fragment is measured once (memoized per page size), and the walk
 * throws LimitExceeded the moment a bound is passed, so a fragment bomb costs microseconds.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  { fragments, variables, limits }: OperationCostOptions,
): OperationCost {
  const memo = new Map<string, OperationCost>();
  const inProgress = new Set<string>();
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue?.kind === Kind.INT) defaults[definition.variable.name.value] = Number(definition.defaultValue.value);
  }
  const argument = (value: ValueNode | undefined): number | undefined => {
    if (!value) return undefined;
    if (value.kind === Kind.INT) return Number(value.value);
    if (value.kind !== Kind.VARIABLE) return undefined;
    const given = Object.hasOwn(variables, value.name.value) ? variables[value.name.value] : defaults[value.name.value];
    return typeof given === 'number' ? given : undefined;
  };
  /** How many items a list argument (`nodes(ids:)`) names, literal or from a variable. */
  const listLength = (value: ValueNode | undefined): number | undefined => {
    if (value?.kind === Kind.LIST) return value.values.length;
    if (value?.kind !== Kind.VARIABLE) return undefined;
    const given = variables[value.name.value];
    return Array.isArray(given) ? given.length : undefined;
  };
  const check = (m: OperationCost): OperationCost => {
    if (m.cost > limits.maxCost) throw new LimitExceeded(`cost is over ${limits.maxCost} (list sizes multiply through nesting and fragments)`);
    if (m.aliases > limits.maxAliases) throw new LimitExceeded(`more than ${limits.maxAliases} aliases`);
    if (m.spreads > limits.maxSpreads) throw new LimitExceeded(`more than ${limits.maxSpreads} fragment spreads`);
    if (m.depth > limits.maxDepth) throw new LimitExceeded(`depth is over ${limits.maxDepth}`);
    if (m.introspectionDepth > limits.maxIntrospectionDepth) throw new LimitExceeded(`introspection depth is over ${limits.maxIntrospectionDepth}`);
    return m;
  };
  const add = (total: OperationCost, part: OperationCost, multiplier = 1, nested = false): void => {
    total.cost += multiplier * part.cost;
    total.aliases += part.aliases;
    total.spreads += part.spreads;
    total.depth = Math.max(total.depth, part.depth + (nested ? 1 : 0));
    if (part.introspectionDepth > 0) total.introspectionDepth = Math.max(total.introspectionDepth, part.introspectionDepth + (nested ? 1 : 0));
    check(total);
  };

  /**
   * One selection set, measured relative to itself: `depth` counts it as level 1. In introspection
   * mode every field is free and nesting counts towards `introspectionDepth` instead.
   */
  const measure = (type: Composite | undefined, set: SelectionSetNode, introspection: boolean, pageSize: number | undefined): OperationCost => {
    const total: OperationCost = { depth: introspection ? 0 : 1, cost: 0, aliases: 0, spreads: 0, introspectionDepth: introspection ? 1 : 0 };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        total.spreads++;
        add(total, spread(selection.name.value, introspection, pageSize));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? composite(schema.getType(selection.typeCondition.name.value)) : type;
        add(total, measure(on, selection.selectionSet, introspection, pageSize));
        continue;
      }
      if (selection.alias) total.aliases++;
      const name = selection.name.value;
      if (introspection || name.startsWith('__')) {
        if (!selection.selectionSet) continue;
        const inner = measure(undefined, selection.selectionSet, true, undefined);
        add(total, Object.assign({}, inner, { depth: 0, cost: 0 }), 1, true);
        continue;
      }
      const field: GraphQLField<unknown, unknown> | undefined = type && !isUnionType(type) ? type.getFields()[name] : undefined;
      if (!field) {
        // Unknown to the schema (validation refuses it next), yet measured, so it cannot hide a bomb.
        total.cost += 1;
        if (selection.selectionSet) add(total, measure(undefined, selection.selectionSet, false, undefined), 1, true);
        else check(total);
        continue;
      }
      const first = argument(selection.arguments?.find((a) => a.name.value === 'first')?.value);
      const declared = field.args.find((a) => a.name === 'first')?.defaultValue;
      const size = first ?? (typeof declared === 'number' ? declared : undefined);
      // A list is as long as the ids it is asked for (`nodes(ids:)`), else its page, else an assumed size.
      const ids = listLength(selection.arguments?.find((a) => a.name.value === 'ids')?.value);
      const multiplier = isListType(getNullableType(field.type)) ? Math.max(ids ?? pageSize ?? ASSUMED_LIST_SIZE, 1) : 1;
      total.cost += 1;
      if (selection.selectionSet) add(total, measure(composite(getNamedType(field.type)), selection.selectionSet, false, size), multiplier, true);
      else check(total);
    }
    return total;
  };

  /** A fragment's measure, computed once per mode and page size; a cycle counts nothing (validation refuses it). */
  const spread = (name: string, introspection: boolean, pageSize: number | undefined): OperationCost => {
    const fragment = fragments[name];
    const key = `${name}|${introspection ? 'i' : ''}|${pageSize ?? ''}`;
    if (!fragment || inProgress.has(key)) return ZERO;
    const known = memo.get(key);
    if (known) return known;
    inProgress.add(key);
    const on = composite(schema.getType(fragment.typeCondition.name.value));
    const measured = check(measure(on, fragment.selectionSet, introspection, pageSize));
    inProgress.delete(key);
    // A fragment is spread at the level of its parent: its own set is not a level deeper.
    memo.set(key, measured);
    return measured;
  };

  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  return root ? check(measure(root, operation.selectionSet, false, undefined)) : { ...ZERO };
}
