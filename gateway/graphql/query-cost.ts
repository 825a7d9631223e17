import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export const LIMITS = { maxDepth: 10, maxCost: 20_000, maxAliases: 50, maxIntrospectionDepth: 20 };

/** A list without a `first` argument counts as this many items (economies, certifications, ...). */
const ASSUMED_LIST_SIZE = 10;

export interface OperationCost {
  depth: number;
  cost: number;
  aliases: number;
  /** Depth of introspection (`__schema`, `__type`), bounded on its own and free of cost. */
  introspectionDepth: number;
}

/**
 * The shape of an operation: its depth, its cost (every field counts 1, times the size of every
 * list it sits in: `first` where given, else an assumed size, through nesting, fragments and
 * aliases), and how many aliases it uses. Computed before execution, from the document alone.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): OperationCost {
  let aliases = 0;
  let depth = 0;
  let introspectionDepth = 0;
  const introspection = (selections: SelectionSetNode, level: number) => {
    introspectionDepth = Math.max(introspectionDepth, level);
    for (const s of selections.selections) {
      if (s.kind === Kind.FIELD && s.alias) aliases++;
      const nested = s.kind === Kind.FRAGMENT_SPREAD ? fragments[s.name.value]?.selectionSet : s.selectionSet;
      if (nested && level < 64) introspection(nested, s.kind === Kind.FIELD ? level + 1 : level);
    }
  };
  const argument = (value: ValueNode | undefined): unknown => {
    if (!value) return undefined;
    if (value.kind === Kind.VARIABLE) return variables[value.name.value];
    if (value.kind === Kind.INT) return Number(value.value);
    return undefined;
  };
  // `pageSize`: the `first` of the enclosing connection, which bounds its `edges` list.
  const walk = (type: GraphQLObjectType, selections: SelectionSetNode, level: number, seen: Set<string>, pageSize?: number): number => {
    depth = Math.max(depth, level);
    let total = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || seen.has(name)) continue;
        const on = schema.getType(fragment.typeCondition.name.value);
        if (isObjectType(on)) total += walk(on, fragment.selectionSet, level, new Set([...seen, name]), pageSize);
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (isObjectType(on)) total += walk(on, selection.selectionSet, level, seen, pageSize);
        continue;
      }
      if (selection.alias) aliases++;
      if (selection.name.value.startsWith('__')) {
        if (selection.selectionSet) introspection(selection.selectionSet, level + 1);
        continue;
      }
      const field: GraphQLField<unknown, unknown> | undefined = type.getFields()[selection.name.value];
      if (!field) continue;
      const first = argument(selection.arguments?.find((a) => a.name.value === 'first')?.value);
      const declared = field.args.find((a) => a.name === 'first')?.defaultValue;
      const size = typeof first === 'number' ? first : typeof declared === 'number' ? declared : undefined;
      const list = isListType(getNullableType(field.type));
      const named = getNamedType(field.type);
      const children = selection.selectionSet && isObjectType(named) ? walk(named, selection.selectionSet, level + 1, seen, size) : 0;
      const multiplier = list ? Math.max(pageSize ?? ASSUMED_LIST_SIZE, 1) : 1;
      total += 1 + multiplier * children;
    }
    return total;
  };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const cost = root ? walk(root, operation.selectionSet, 1, new Set()) : 0;
  return { depth, cost, aliases, introspectionDepth };
}
