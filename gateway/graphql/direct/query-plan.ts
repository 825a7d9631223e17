import {
  defaultFieldResolver,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { Fragment, type FragmentMemo } from './fragment-memo';
import { compileArguments, compileVariables, usesVariables, type ArgumentsCoercer } from './input-values';
import { JsonOutput } from './json-output';

const encoder = new TextEncoder();

/**
 * A query compiled once into what graphql-js works out again for every field of every request:
 * the merged fields of each selection set, each field's resolver and return type, and (when they
 * use no variable) its arguments. Running it calls the same resolvers graphql-js would, in the
 * same order and concurrency (siblings started together, so DataLoader batches alike), and builds
 * the result as plain objects in the plan's key order: `JSON.stringify` makes of it, byte for
 * byte, what it makes of graphql-js's result. It answers only results without errors: the first
 * error (a resolver throwing, a null where the schema says non-null, a variable that does not
 * coerce) abandons the run, and the caller lets graphql-js answer with its error semantics.
 *
 * What it does not compile (and the caller leaves to graphql-js): abstract return types, @skip
 * and @include with variables, other directives, an alias `__proto__`, introspection,
 * subscriptions and mutations. Resolvers get an `info` without `path`, `rootValue` or
 * `variableValues`, and one arguments object per field per run, shared by every object the field
 * is resolved on; none of the gateway's resolvers reads those parts of `info` or changes its
 * arguments.
 *
 * With a fragment memo, the answer of an object of a kept type whose selection is pure (see
 * FragmentMemo) and reads no variable is written once as JSON and reused by later runs of the plan.
 */
export interface QueryPlan {
  /** The answer's JSON in UTF-8, or undefined when the run met an error (graphql-js must answer). */
  run(variables: Record<string, unknown> | null | undefined, context: unknown): Promise<Uint8Array<ArrayBuffer> | undefined>;
}

export interface CompileOptions {
  /** Where answers of pure selections on kept types are kept across runs. */
  memo?: FragmentMemo;
}

/** Plans numbered apart, so that kept answers of one plan's selection are never another's. */
let lastMemoId = 0;

/** Compiles the named query of a validated document; undefined when it uses what a plan cannot run. */
export function compileQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  options: CompileOptions = {},
): QueryPlan | undefined {
  const operation = getOperationAST(document, operationName);
  const root = schema.getQueryType();
  if (operation?.operation !== 'query' || !root) return undefined;
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const compiler = new Compiler(schema, operation, fragments, options.memo);
  let plan: ObjectPlan;
  try {
    plan = compiler.object(root, [operation.selectionSet]);
  } catch {
    return undefined; // Uncompilable, or constant arguments graphql-js would refuse: its answer
  }
  const definitions = operation.variableDefinitions ?? [];
  const fieldCount = compiler.fieldCount;
  const coerceVariables = compileVariables(schema, definitions);
  return {
    async run(inputs, context) {
      let variables = coerceVariables?.(inputs ?? {});
      if (!variables) {
        const coerced = getVariableValues(schema, definitions, inputs ?? {});
        if (coerced.errors) return undefined;
        variables = coerced.coerced;
      }
      const run: Run = { context, variables, args: new Array(fieldCount) };
      try {
        const data = await object(plan, undefined, run);
        // Kept fragments are copied in by the plan's own writer; without any, JSON.stringify is faster.
        return compiler.memoized ? writeAnswer(plan, data as Record<string, unknown>) : encoder.encode(JSON.stringify({ data }));
      } catch {
        return undefined;
      }
    },
  };
}

/** Thrown while compiling what a plan does not run. */
class Uncompilable extends Error {}
/** Thrown while running: the result would have an error. */
class Abandoned extends Error {}

interface ObjectPlan {
  fields: FieldPlan[];
  /** Whether every field below reads only its source, its constant arguments and the request's scope. */
  pure: boolean;
}

interface FieldPlan {
  /** Numbers the field within its plan, for the per-run argument values. */
  id: number;
  /** The response key (alias or name). */
  key: string;
  /** The response key as JSON, with its colon; and after a comma, for the fields after the first. */
  label: string;
  nextLabel: string;
  /** Set for `__typename`: the type's name. */
  typename?: string;
  resolve: GraphQLFieldResolver<unknown, unknown>;
  /** Argument values without variables, computed once; undefined when they read variables. */
  args?: Record<string, unknown>;
  /** Argument values that read variables, compiled; undefined when graphql-js computes them. */
  argsOf?: ArgumentsCoercer;
  definition: GraphQLField<unknown, unknown>;
  node: FieldNode;
  info: GraphQLResolveInfo;
  completion: Completion;
  /** Whether the field's answer depends only on its source, its constant arguments and the request's scope. */
  pure: boolean;
}

type Completion =
  | { kind: 'leaf'; nonNull: boolean; type: GraphQLLeafType }
  | { kind: 'object'; nonNull: boolean; plan: ObjectPlan; memo?: MemoPlan }
  | { kind: 'list'; nonNull: boolean; item: Completion };

/** How an object's answer is kept: the plan's number, its type's key, the memo. */
interface MemoPlan {
  id: number;
  key: (source: unknown) => readonly unknown[] | undefined;
  memo: FragmentMemo;
}

interface Run {
  context: unknown;
  /** The request's scope in the fragment memo, computed on first use. */
  scope?: number;
  variables: Record<string, unknown>;
  /** Argument values that read variables, by field id, computed on first use. */
  args: Array<Record<string, unknown> | undefined>;
}

class Compiler {
  fieldCount = 0;
  /** Whether some object's answer is kept: the plan then writes its own JSON. */
  memoized = false;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly operation: OperationDefinitionNode,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly memo?: FragmentMemo,
  ) {}

  /** The plan of selection sets on one object type, merged as graphql-js's collectFields merges them. */
  object(type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): ObjectPlan {
    const merged = new Map<string, FieldNode[]>();
    for (const set of selectionSets) this.collect(type, set, merged, new Set());
    const fields: FieldPlan[] = [];
    // A plain object's `__proto__` is no key of its own (graphql-js's results have no prototype).
    if (merged.has('__proto__')) throw new Uncompilable();
    for (const [key, nodes] of merged) fields.push(this.field(type, key, nodes));
    return { fields, pure: fields.every((field) => field.pure) };
  }

  private collect(type: GraphQLObjectType, set: SelectionSetNode, into: Map<string, FieldNode[]>, visited: Set<string>): void {
    for (const selection of set.selections) {
      if (!this.included(selection.directives ?? [])) continue;
      switch (selection.kind) {
        case Kind.FIELD: {
          const key = selection.alias?.value ?? selection.name.value;
          const nodes = into.get(key);
          if (nodes) nodes.push(selection);
          else into.set(key, [selection]);
          break;
        }
        case Kind.INLINE_FRAGMENT:
          if (this.applies(selection.typeCondition?.name.value, type)) this.collect(type, selection.selectionSet, into, visited);
          break;
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          if (visited.has(name)) break;
          visited.add(name);
          const fragment = this.fragments[name];
          if (fragment && this.applies(fragment.typeCondition.name.value, type)) this.collect(type, fragment.selectionSet, into, visited);
          break;
        }
      }
    }
  }

  /** @skip and @include with literal conditions; anything else is not compiled. */
  private included(directives: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: ValueNode }[] }[]): boolean {
    let include = true;
    for (const directive of directives) {
      const name = directive.name.value;
      if (name !== 'skip' && name !== 'include') throw new Uncompilable();
      const condition = directive.arguments?.find((a) => a.name.value === 'if')?.value;
      if (condition?.kind !== Kind.BOOLEAN) throw new Uncompilable();
      if (condition.value === (name === 'skip')) include = false;
    }
    return include;
  }

  private applies(condition: string | undefined, type: GraphQLObjectType): boolean {
    if (condition === undefined || condition === type.name) return true;
    const conditional = this.schema.getType(condition);
    return conditional !== undefined && isAbstractType(conditional) && this.schema.isSubType(conditional, type);
  }

  private field(parent: GraphQLObjectType, key: string, nodes: FieldNode[]): FieldPlan {
    const node = nodes[0]!;
    const name = node.name.value;
    const id = this.fieldCount++;
    const label = `${JSON.stringify(key)}:`;
    const nextLabel = `,${label}`;
    if (name === '__typename') return { id, key, label, nextLabel, typename: parent.name, pure: true } as FieldPlan;
    const definition = parent.getFields()[name];
    if (!definition) throw new Uncompilable(); // introspection (__schema, __type) is left to graphql-js
    const info = {
      fieldName: name,
      fieldNodes: nodes,
      returnType: definition.type,
      parentType: parent,
      schema: this.schema,
      fragments: this.fragments,
      operation: this.operation,
    } as unknown as GraphQLResolveInfo;
    const constant = !nodes[0]!.arguments?.some((argument) => usesVariables(argument.value));
    const completion = this.completion(definition.type, nodes);
    return {
      id,
      key,
      label,
      nextLabel,
      resolve: definition.resolve ?? defaultFieldResolver,
      args: constant ? getArgumentValues(definition, node, {}) : undefined,
      argsOf: constant ? undefined : compileArguments(definition.args, node.arguments ?? []),
      definition,
      node,
      info,
      completion,
      pure: constant && this.memo?.isPure(parent, definition) === true && pureCompletion(completion),
    };
  }

  private completion(type: GraphQLOutputType, nodes: FieldNode[]): Completion {
    const nonNull = isNonNullType(type);
    const nullable = getNullableType(type);
    if (isListType(nullable)) return { kind: 'list', nonNull, item: this.completion(nullable.ofType, nodes) };
    if (isLeafType(nullable)) return { kind: 'leaf', nonNull, type: nullable };
    const named = getNamedType(nullable);
    if (!isObjectType(named) || named.isTypeOf) throw new Uncompilable();
    const plan = this.object(
      named,
      nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])),
    );
    const key = plan.pure ? this.memo?.keyOf(named) : undefined;
    if (!key) return { kind: 'object', nonNull, plan };
    this.memoized = true;
    return { kind: 'object', nonNull, plan, memo: { id: ++lastMemoId, key, memo: this.memo! } };
  }
}

const isPromise = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';

type Completed = unknown;

/**
 * One object's answer, its fields in the plan's order; siblings start together, as graphql-js
 * starts them. A field still pending holds its place (null) until it settles, so the key order is
 * the plan's whatever settles first.
 */
function object(plan: ObjectPlan, source: unknown, run: Run): Completed {
  const out: Record<string, unknown> = {};
  let pending: Array<PromiseLike<unknown>> | undefined;
  try {
    for (const field of plan.fields) {
      const value = resolveField(field, source, run);
      if (isPromise(value)) {
        out[field.key] = null;
        (pending ??= []).push(value.then((settled) => (out[field.key] = settled)));
      } else out[field.key] = value;
    }
  } catch (error) {
    if (pending) settleQuietly(pending);
    throw error;
  }
  return pending ? Promise.all(pending).then(() => out) : out;
}

function resolveField(plan: FieldPlan, source: unknown, run: Run): Completed {
  if (plan.typename !== undefined) return plan.typename;
  const args = plan.args ?? (run.args[plan.id] ??= plan.argsOf?.(run.variables) ?? getArgumentValues(plan.definition, plan.node, run.variables));
  return complete(plan.completion, plan.resolve(source, args, run.context, plan.info), run);
}

function complete(completion: Completion, value: unknown, run: Run): Completed {
  if (isPromise(value)) return Promise.resolve(value).then((v) => complete(completion, v, run));
  if (value instanceof Error) throw value;
  if (value === null || value === undefined) {
    if (completion.nonNull) throw new Abandoned('null for a non-null field');
    return null;
  }
  switch (completion.kind) {
    case 'leaf': {
      const serialized = completion.type.serialize(value);
      if (serialized === null || serialized === undefined) throw new Abandoned('a leaf did not serialize');
      return serialized;
    }
    case 'object':
      return completion.memo ? kept(completion.plan, completion.memo, value, run) : object(completion.plan, value, run);
    case 'list': {
      if (typeof value !== 'object' || !(Symbol.iterator in value)) throw new Abandoned('a list is not iterable');
      const out: unknown[] = [];
      let pending: Array<PromiseLike<unknown>> | undefined;
      try {
        for (const item of value as Iterable<unknown>) {
          const completed = complete(completion.item, item, run);
          const at = out.length;
          out.push(completed);
          if (isPromise(completed)) (pending ??= []).push(completed.then((settled) => (out[at] = settled)));
        }
      } catch (error) {
        if (pending) settleQuietly(pending);
        throw error;
      }
      return pending ? Promise.all(pending).then(() => out) : out;
    }
  }
}

/** An object's answer from the fragment memo, or completed, written and kept there. */
function kept(plan: ObjectPlan, { id, key, memo }: MemoPlan, source: unknown, run: Run): Completed {
  const own = key(source);
  if (own === undefined) return object(plan, source, run);
  const scope = (run.scope ??= memo.scope(run.context));
  const found = memo.get(id, scope, own);
  if (found) return found;
  const completed = object(plan, source, run);
  const keep = (answer: unknown) => {
    writeObject(plan, answer as Record<string, unknown>, output);
    return memo.keep(id, scope, own, output.finish());
  };
  return isPromise(completed) ? Promise.resolve(completed).then(keep) : keep(completed);
}

/**
 * The one output every plan writes into, synchronously from start to finish (a write never
 * awaits), so that no two writes share it at once.
 */
const output = new JsonOutput();

/** An answer as UTF-8 JSON, with kept fragments copied in: the bytes of `JSON.stringify` of the same answer. */
function writeAnswer(plan: ObjectPlan, data: Record<string, unknown>): Uint8Array<ArrayBuffer> {
  output.text('{"data":');
  writeObject(plan, data, output);
  output.text('}');
  return output.take();
}

/** An object's answer, in the plan's key order. */
function writeObject(plan: ObjectPlan, answer: Record<string, unknown>, out: JsonOutput): void {
  let first = true;
  out.text('{');
  for (const field of plan.fields) {
    out.text(first ? field.label : field.nextLabel);
    first = false;
    const value = answer[field.key];
    if (field.typename !== undefined) out.text(JSON.stringify(value));
    else write(field.completion, value, out);
  }
  out.text('}');
}

function write(completion: Completion, value: unknown, out: JsonOutput): void {
  if (value === null) out.text('null');
  else if (value instanceof Fragment) out.bytes(value.json);
  else if (completion.kind === 'leaf') {
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) throw new Abandoned('a leaf has no JSON');
    out.text(json);
  } else if (completion.kind === 'object') writeObject(completion.plan, value as Record<string, unknown>, out);
  else {
    out.text('[');
    let first = true;
    for (const item of value as unknown[]) {
      if (!first) out.text(',');
      first = false;
      write(completion.item, item, out);
    }
    out.text(']');
  }
}

/** Whether a field's completion is pure: a leaf, or objects whose selections are. */
function pureCompletion(completion: Completion): boolean {
  if (completion.kind === 'list') return pureCompletion(completion.item);
  return completion.kind === 'leaf' || completion.plan.pure;
}

/** Started siblings of a part that failed: their own failures are the same abandoned run's. */
function settleQuietly(pending: Array<PromiseLike<unknown>>): void {
  for (const part of pending) Promise.resolve(part).catch(() => {});
}
