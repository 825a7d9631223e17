import type { GraphQLField, GraphQLObjectType } from 'graphql';

/** An object's answer already written as JSON (UTF-8), copied as it is into the answers that contain it. */
export class Fragment {
  constructor(readonly json: Uint8Array) {}
}

export interface FragmentMemoOptions {
  /**
   * The types whose answers are kept, each with the values that identify a source object's answer
   * apart from the selection and the request's scope (undefined: that object's answer is not kept).
   * They are compared as Map keys are: an object by its identity, which suits immutable records and
   * remembered lists; an object named there is held as long as an answer under it is kept.
   */
  keys: Readonly<Record<string, (source: unknown) => readonly unknown[] | undefined>>;
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

/** Maps nested by the parts of a key, down to the fragments. */
type Level = Map<unknown, Level | Fragment>;

/** A kept answer, in the order kept: where it lies, and its size. */
interface Kept {
  plan: number;
  scope: number;
  own: readonly unknown[];
  bytes: number;
}

/**
 * Answers of objects (a product card in a language and a currency) kept as JSON text across
 * requests, so that the long tail of distinct queries, whose pages show the same products again in
 * other orders and sizes, does not resolve and serialize them again. A query plan keeps an object's
 * answer only when every field of its selection is pure and reads no variable (see `compileQuery`),
 * under the plan's own number, the request's scope and the object's key: whatever the answer
 * depends on. Keys are paths through nested Maps, not strings: a look-up concatenates and hashes
 * nothing (each request's products are looked up one by one). Bounded in bytes, oldest first out:
 * a flood of distinct products, languages and currencies costs at most `maxBytes`.
 */
export class FragmentMemo {
  readonly #options: FragmentMemoOptions;
  readonly #maxBytes: number;
  #root: Level = new Map();
  /** Kept answers, oldest first from `#head`. */
  #kept: Kept[] = [];
  #head = 0;
  readonly #scopes = new Map<string, number>();
  /** Scope numbers are never given twice: a run that took one before a start again must not read another scope's answers. */
  #lastScope = 0;
  #bytes = 0;

  constructor(options: FragmentMemoOptions) {
    this.#options = options;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** What identifies a source object's answer of this type; undefined when answers of the type are not kept. */
  keyOf(type: GraphQLObjectType): ((source: unknown) => readonly unknown[] | undefined) | undefined {
    return Object.hasOwn(this.#options.keys, type.name) ? this.#options.keys[type.name] : undefined;
  }

  /** Whether a field's answer depends only on its source, its arguments and the request's scope. */
  isPure(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
    return field.resolve === undefined || this.#options.pure.has(`${type.name}.${field.name}`);
  }

  /** The request's scope, as a short number of this memo's: once per run. */
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
    this.#root = new Map();
    this.#kept = [];
    this.#head = 0;
    this.#scopes.clear();
    this.#bytes = 0;
  }

  /** The answer kept for a plan, a scope and an object's key. */
  get(plan: number, scope: number, own: readonly unknown[]): Fragment | undefined {
    let level = (this.#root.get(plan) as Level | undefined)?.get(scope);
    for (let i = 0; i < own.length && level !== undefined; i++) level = (level as Level).get(own[i]);
    return level instanceof Fragment ? level : undefined;
  }

  /** Keeps an answer's JSON (when it fits in the bound) and returns it as a fragment. */
  keep(plan: number, scope: number, own: readonly unknown[], json: Uint8Array): Fragment {
    const fragment = new Fragment(json);
    if (json.byteLength > this.#maxBytes || own.length === 0) return fragment;
    let level = this.#root;
    for (const part of [plan, scope, ...own.slice(0, -1)]) {
      let next = level.get(part);
      if (next === undefined) level.set(part, (next = new Map()));
      if (next instanceof Fragment) return fragment; // A key that is a prefix of another's: not kept.
      level = next;
    }
    const last = own[own.length - 1];
    if (level.has(last)) return fragment;
    level.set(last, fragment);
    this.#kept.push({ plan, scope, own, bytes: json.byteLength });
    this.#bytes += json.byteLength;
    while (this.#bytes > this.#maxBytes) this.#dropOldest();
    return fragment;
  }

  /** Bytes of JSON held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Fragments held, and the Maps that hold them (a walk of them all: for tests). */
  stats(): { fragments: number; maps: number } {
    const count = (level: Level): { fragments: number; maps: number } => {
      const total = { fragments: 0, maps: 1 };
      for (const next of level.values()) {
        const below = next instanceof Fragment ? { fragments: 1, maps: 0 } : count(next);
        total.fragments += below.fragments;
        total.maps += below.maps;
      }
      return total;
    };
    return count(this.#root);
  }

  /** Forgets the oldest kept answer, and the Maps it leaves empty. */
  #dropOldest(): void {
    const oldest = this.#kept[this.#head++]!;
    if (this.#head > 1024 && this.#head * 2 > this.#kept.length) {
      this.#kept = this.#kept.slice(this.#head);
      this.#head = 0;
    }
    this.#bytes -= oldest.bytes;
    const path = [this.#root];
    const parts = [oldest.plan, oldest.scope, ...oldest.own];
    for (const part of parts.slice(0, -1)) path.push(path[path.length - 1]!.get(part) as Level);
    for (let i = parts.length - 1; i >= 0; i--) {
      path[i]!.delete(parts[i]);
      if (path[i]!.size > 0) break;
    }
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
