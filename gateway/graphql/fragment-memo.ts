import type { GraphQLField, GraphQLObjectType } from 'graphql';

/** An object's answer already written as JSON (UTF-8), copied as it is into the answers that contain it. */
export class Fragment {
  constructor(readonly json: Uint8Array) {}
}

export interface FragmentMemoOptions {
  /**
   * The types whose answers are kept, each with what identifies a source object's answer apart
   * from the selection and the request's scope (undefined: that object's answer is not kept).
   */
  keys: Readonly<Record<string, (source: unknown) => string | undefined>>;
  /**
   * Fields (`Type.field`) whose resolvers read nothing but their source, their arguments and what
   * `scope` names, and return data, not closures over the context. A field without a resolver of
   * its own reads its source's property and is such a field too.
   */
  pure: ReadonlySet<string>;
  /** What of a request's context those resolvers read (its language preferences, its rate table), as a string. */
  scope: (context: unknown) => string;
  /** Most bytes of JSON kept, oldest dropped first. Default 4 MiB. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** Distinct scopes numbered before the memo starts again. */
const MAX_SCOPES = 4096;

/**
 * Answers of objects (a product card in a language and a currency) kept as JSON text across
 * requests, so that the long tail of distinct queries, whose pages show the same products again in
 * other orders and sizes, does not resolve and serialize them again. A query plan keeps an object's
 * answer only when every field of its selection is pure and reads no variable (see `compileQuery`),
 * under the plan's own number, the request's scope and the object's key: whatever the answer
 * depends on. Bounded in bytes, oldest first out: a flood of distinct products, languages and
 * currencies costs at most `maxBytes`.
 */
export class FragmentMemo {
  readonly #options: FragmentMemoOptions;
  readonly #maxBytes: number;
  readonly #entries = new Map<string, Fragment>();
  readonly #scopes = new Map<string, number>();
  /** Scope numbers are never given twice: a run that took one before a start again must not read another scope's answers. */
  #lastScope = 0;
  #bytes = 0;

  constructor(options: FragmentMemoOptions) {
    this.#options = options;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** What identifies a source object's answer of this type; undefined when answers of the type are not kept. */
  keyOf(type: GraphQLObjectType): ((source: unknown) => string | undefined) | undefined {
    return Object.hasOwn(this.#options.keys, type.name) ? this.#options.keys[type.name] : undefined;
  }

  /** Whether a field's answer depends only on its source, its arguments and the request's scope. */
  isPure(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
    return field.resolve === undefined || this.#options.pure.has(`${type.name}.${field.name}`);
  }

  /** The request's scope, as a short number of this memo's (keys are hashed on every look-up): once per run. */
  scope(context: unknown): number {
    const scope = this.#options.scope(context);
    let id = this.#scopes.get(scope);
    if (id === undefined) {
      // Scopes are few (language preferences × rate tables), but come from request headers: bounded too.
      if (this.#scopes.size >= MAX_SCOPES) this.clear();
      this.#scopes.set(scope, (id = ++this.#lastScope));
    }
    return id;
  }

  /** Drops every kept answer, and forgets the scopes' numbers. */
  clear(): void {
    this.#entries.clear();
    this.#scopes.clear();
    this.#bytes = 0;
  }

  get(key: string): Fragment | undefined {
    return this.#entries.get(key);
  }

  /** Keeps an answer's JSON (when it fits in the bound) and returns it as a fragment. */
  keep(key: string, json: Uint8Array): Fragment {
    const fragment = new Fragment(json);
    if (json.byteLength > this.#maxBytes || this.#entries.has(key)) return fragment;
    this.#entries.set(key, fragment);
    this.#bytes += json.byteLength;
    for (const [oldest, old] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.json.byteLength;
    }
    return fragment;
  }

  /** Bytes of JSON held. */
  get bytes(): number {
    return this.#bytes;
  }
}

const serials = new WeakMap<object, number>();
let lastSerial = 0;

/**
 * A number for an object, the same for as long as it lives and never another's: a key part for
 * values whose identity says what they hold (an immutable record, a rate table).
 */
export function serialOf(value: object): number {
  let serial = serials.get(value);
  if (serial === undefined) serials.set(value, (serial = ++lastSerial));
  return serial;
}
