import { type DocumentNode, type ExecutionResult, getOperationAST, Kind, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestRecord } from '../../observability/request-record';
import { BoundedMap } from '../../collections/bounded-map';
import { type GraphQLParams, graphqlParams, operationKey, parseJson } from '../endpoint/params';

/** A stored answer: the exact bytes yoga serialized, and how it labelled them. */
export interface CachedAnswer {
  readonly key: string;
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  readonly mediaType: string;
}

export interface ResponseCacheOptions {
  /**
   * Names the version of the state answers depend on (index, rates, the day), waiting for first
   * harvests when there is no index yet. Part of every key, so a snapshot change invalidates all.
   */
  version: () => string | Promise<string>;
  /** Answers kept (least recently used dropped first); 0 turns the cache off. Default 1000. */
  maxEntries?: number;
  /** Bytes of answers kept. Default 64 MiB. */
  maxBytes?: number;
  /** Largest answer kept. Default 1 MiB. */
  maxAnswerBytes?: number;
  /**
   * What a request's URL adds to its key (`PublicOrigin.key`): `''` once PUBLIC_URL fixes the
   * origin answers are written with. @default the request's origin
   */
  originKey?: (url: string) => string;
  /**
   * Root fields whose answers follow something the state version does not name (the change log:
   * the clock's sweep and other instances write to it without a new snapshot): an operation that
   * selects one is never kept. @default none
   */
  liveRootFields?: readonly string[];
}

/** The GraphQL-over-HTTP parameters the cache keys on; anything else is left to yoga to refuse. */
export type CacheParams = GraphQLParams;

/**
 * True when a root selection set selects one of `names`, directly or through its fragments (each
 * fragment looked at once, so a document's fragments cost at most one walk).
 */
export function selectsAny(document: DocumentNode, selectionSet: SelectionSetNode, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): boolean =>
    set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return names.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return walk(selection.selectionSet);
      if (seen.has(selection.name.value)) return false;
      seen.add(selection.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      return fragment?.kind === Kind.FRAGMENT_DEFINITION && walk(fragment.selectionSet);
    });
  return walk(selectionSet);
}

/** What the HTTP layer hands yoga with a request it has already keyed (see graphqlFastPath). */
export interface CacheServerContext {
  /** The request's key, made by {@link ResponseCache.bodyKey} from this request's body and headers. */
  cacheKey?: string;
}

/** The request headers an answer depends on. */
export interface CacheRequest {
  accept: string;
  acceptLanguage: string;
  /**
   * What the request's origin adds to the key (`PublicOrigin.key`): nothing when PUBLIC_URL fixes
   * it, else the origin, since answers (JSON-LD's `@id`s) are written with it.
   */
  origin: string;
}

/**
 * The store behind {@link useResponseCache}: answers bounded in entries and bytes, the pending
 * computations (single flight), and what each parsed operation was found to be (cacheable or not).
 * Shared with the HTTP layer's fast path, which may only answer what this store holds.
 */
export class ResponseCache {
  readonly enabled: boolean;
  readonly #version: ResponseCacheOptions['version'];
  /** What a request's URL adds to its key (see {@link ResponseCacheOptions.originKey}). */
  readonly originKey: (url: string) => string;
  /** Root fields an operation that is kept may not select (see {@link ResponseCacheOptions.liveRootFields}). */
  readonly liveRootFields: ReadonlySet<string>;
  readonly #maxAnswerBytes: number;
  readonly #answers: BoundedMap<string, CachedAnswer> | undefined;
  readonly #pending = new Map<string, Promise<CachedAnswer | undefined>>();
  /** Operation text → whether its parsed operation is a query (decided on yoga's parsed document; decided again once dropped). */
  readonly #decisions = new BoundedMap<string, boolean>({ maxEntries: 1000, maxBytes: MEMO_BYTES });
  /** JSON bodies with a kept answer → the operation part of their key and the last key made of it. */
  readonly #bodies = new BoundedMap<string, RememberedBody>({ maxEntries: 1000, maxBytes: MEMO_BYTES });
  /** Operations (name and query text, see operationKey) → their numbers in keys. One forgotten and seen again gets a new number: its old answers age out unread. */
  readonly #texts = new BoundedMap<string, number>({ maxEntries: 1000, maxBytes: MEMO_BYTES });
  #nextText = 0;

  constructor(options: ResponseCacheOptions) {
    const { maxEntries = 1000, maxBytes = 64 * 1024 * 1024, maxAnswerBytes = 1024 * 1024 } = options;
    this.enabled = maxEntries > 0;
    this.#version = options.version;
    this.originKey = options.originKey ?? ((url) => new URL(url).origin);
    this.liveRootFields = new Set(options.liveRootFields ?? []);
    this.#maxAnswerBytes = maxAnswerBytes;
    this.#answers = this.enabled ? new BoundedMap({ maxEntries, maxBytes, sizeOf }) : undefined;
  }

  /** The parameters as the cache understands them, or undefined when they are not well formed. */
  params(raw: unknown): CacheParams | undefined {
    return graphqlParams(raw);
  }

  /** False once the parsed operation of this text was found not to be a query (a mutation, say). */
  mayCache(params: CacheParams): boolean {
    return this.enabled && this.#decisions.peek(operationKey(params)) !== false;
  }

  /** Records what the parsed operation is, from yoga's own parse of the document. */
  decide(params: CacheParams, cacheable: boolean): void {
    this.#decisions.set(operationKey(params), cacheable);
    if (!cacheable) this.#bodies.clear();
  }

  /** The key of an answer: state version, negotiation headers, then the operation and its inputs. */
  key(params: CacheParams, request: CacheRequest): string | Promise<string> {
    return this.#keyOf(this.#operationPart(params), request);
  }

  /**
   * The key of a JSON request body, as {@link key} would make it from the same parameters, or
   * undefined when the body is no well-formed parameters or names an operation known not to be
   * cacheable. `json`, when given, parses it (the caller keeps the parse for later use). A body
   * whose answer is kept is remembered, with its key, so that asking it again parses nothing.
   */
  bodyKey(body: string, request: CacheRequest, json: () => unknown = () => parseJson(body)): string | Promise<string> | undefined {
    if (!this.enabled) return undefined;
    // A parse memo: its order of eviction matters little, and re-inserting on every read costs.
    const remembered = this.#bodies.peek(body);
    let part = remembered?.part;
    if (part === undefined) {
      const params = this.params(json());
      if (!params || !this.mayCache(params)) return undefined;
      part = this.#operationPart(params);
    }
    // Only now, for a body that is keyed: the version may start loading the index, which a request
    // answered at once (a refused body, an APQ hash) would leave behind, and on Workers a load
    // started by a request that has ended is cancelled, and every later request awaiting it hangs.
    const version = this.#version();
    // The same body asked again with the same headers gets the same key string, whose hash the
    // engine has already computed: no concatenation and no hashing of a query-sized key per hit.
    const last = remembered?.last;
    if (last && last.version === version && last.accept === request.accept && last.acceptLanguage === request.acceptLanguage && last.origin === request.origin)
      return last.key;
    const key = this.#keyOf(part, request, version);
    if (typeof version !== 'string' || typeof key !== 'string') return key;
    // Bodies asked once (a long tail) are not remembered: each would outlive a young-generation
    // collection or two in the memo and die old, which costs the collector more than a parse.
    if (body.length <= MAX_REMEMBERED_BODY && (remembered || this.#answers!.has(key))) {
      const entry = remembered ?? { part };
      entry.last = { version, accept: request.accept, acceptLanguage: request.acceptLanguage, origin: request.origin, key };
      if (!remembered) this.#bodies.set(body, entry);
    }
    return key;
  }

  /**
   * The part of a key that names the operation and its inputs: one-line fields, then the query
   * text's number (`#n`), or the text itself when it is too long to be remembered. Keys stay short:
   * an answer's key is kept as long as the answer, and hashed on every look-up.
   */
  #operationPart(params: CacheParams): string {
    const { query } = params;
    let text: string | number | undefined = query;
    if (query.length <= MAX_NUMBERED_TEXT) {
      const operation = operationKey(params);
      text = this.#texts.get(operation);
      if (text === undefined) this.#texts.set(operation, (text = this.#nextText++));
      text = `#${text}`;
    }
    return [params.operationName ?? '', JSON.stringify(params.variables ?? null), JSON.stringify(params.extensions ?? null), text].join('\n');
  }

  #keyOf(part: string, request: CacheRequest, version = this.#version()): string | Promise<string> {
    const head = `\n${request.origin}\n${request.accept}\n${request.acceptLanguage}\n${part}`;
    return typeof version === 'string' ? version + head : version.then((v) => v + head);
  }

  /** A stored answer (no waiting). */
  get(key: string): CachedAnswer | undefined {
    return this.#answers?.get(key);
  }

  /** A stored answer, or the one being computed for the same key (single flight). */
  async lookup(key: string): Promise<CachedAnswer | undefined> {
    return this.get(key) ?? (await this.#pending.get(key));
  }

  /** Marks `key` as being computed; returns the function that settles it. */
  begin(key: string): (answer: CachedAnswer | undefined) => void {
    let settle!: (answer: CachedAnswer | undefined) => void;
    const promise = new Promise<CachedAnswer | undefined>((resolve) => (settle = resolve));
    this.#pending.set(key, promise);
    return (answer) => {
      if (this.#pending.get(key) === promise) this.#pending.delete(key);
      settle(answer);
    };
  }

  /** Keeps an answer, within the byte bound (its key counted too) (oldest dropped first); too large ones are not kept. */
  keep(answer: CachedAnswer): boolean {
    if (!this.#answers || answer.body.byteLength > this.#maxAnswerBytes) return false;
    this.#answers.set(answer.key, answer);
    return true;
  }

  /** Entries and bytes held, computations pending and bodies remembered, for tests and metrics. */
  stats(): { entries: number; bytes: number; pending: number; bodies: number } {
    return { entries: this.#answers?.size ?? 0, bytes: this.#answers?.bytes ?? 0, pending: this.#pending.size, bodies: this.#bodies.size };
  }
}

/** What the cache remembers of a JSON body whose answer it keeps. */
interface RememberedBody {
  part: string;
  last?: { version: string; accept: string; acceptLanguage: string; origin: string; key: string };
}

/** Bytes each memo of request input (decisions, bodies, texts) holds, keys included. */
const MEMO_BYTES = 16 * 1024 * 1024;

/** Query texts up to this length are numbered in keys (1000 of them at most); longer ones are keyed by their text. */
const MAX_NUMBERED_TEXT = 16 * 1024;

/** Bodies up to this size have their parse remembered (1000 of them at most). */
const MAX_REMEMBERED_BODY = 8 * 1024;

/** What an answer costs to hold: its bytes and its key. */
function sizeOf(answer: CachedAnswer): number {
  // A body may be a view of a slab that other answers share (see JsonOutput): it keeps the slab alive.
  return answer.body.buffer.byteLength + answer.key.length;
}

interface Flight {
  params: CacheParams;
  key: string;
  settle: (answer: CachedAnswer | undefined) => void;
  cacheable: boolean;
}

const HIT = Symbol('response-cache-hit');
type HitResult = ExecutionResult & { [HIT]: CachedAnswer };

const PLAIN = Symbol('plain-answer');

/** A fresh answer's parts, so the HTTP layer can add its own headers without reading them back. */
export interface PlainAnswer {
  body: Uint8Array<ArrayBuffer>;
  status: number;
  headers: Record<string, string>;
}

/** The parts of an answer this plugin made from bytes it kept; undefined for any other answer. */
export function plainAnswer(response: Response): PlainAnswer | undefined {
  return (response as Response & { [PLAIN]?: PlainAnswer })[PLAIN];
}

/** Tells the request's record (metrics, access log) what the cache did, as X-Cache tells the client. */
function note(serverContext: unknown, verdict: 'hit' | 'miss'): void {
  const record = (serverContext as { record?: RequestRecord } | undefined)?.record;
  if (record) record.cache = verdict;
}

/**
 * A response cache for repeated identical reads, as a yoga plugin. It runs after yoga's request
 * parser has accepted the request (method and Content-Type included, so what yoga refuses is
 * refused from the cache too), and keys on the operation, its variables and name, the negotiation
 * headers (Accept, Accept-Language) and the state version. What is cacheable is decided on the
 * parsed operation (`getOperationAST`): queries only, never mutations or subscriptions, never an
 * authenticated request, and only answers with no errors. Identical requests arriving while an
 * answer is computed wait for it. Answers are kept as the bytes yoga serialized.
 */
export function useResponseCache(cache: ResponseCache): Plugin {
  const flights = new WeakMap<Request, Flight>();
  const hits = new WeakMap<Request, CachedAnswer>();

  return {
    /** Before execution: answers from the store, or joins the computation of the same answer. */
    async onParams({ params: raw, request, context, setResult }) {
      if (!cache.enabled) return;
      // The HTTP layer's fast path has keyed this very body already (valid, cacheable, no Authorization).
      const known = (context as CacheServerContext | undefined)?.cacheKey;
      if (known === undefined && request.headers.get('authorization') !== null) return;
      const params = known === undefined ? cache.params(raw) : (raw as CacheParams);
      if (!params || !cache.mayCache(params)) return;
      const key =
        known ??
        (await cache.key(params, {
          accept: request.headers.get('accept') ?? '',
          acceptLanguage: request.headers.get('accept-language') ?? '',
          origin: cache.originKey(request.url),
        }));
      const hit = await cache.lookup(key);
      if (hit) {
        hits.set(request, hit);
        note(context, 'hit');
        setResult({ [HIT]: hit } as HitResult);
        return;
      }
      flights.set(request, { params, key, settle: cache.begin(key), cacheable: false });
    },

    /** On yoga's parsed and validated document: is the operation a query? */
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const flight = request && flights.get(request);
      if (!flight) return;
      const operation = getOperationAST(args.document, args.operationName);
      flight.cacheable = operation?.operation === 'query' && !selectsAny(args.document, operation.selectionSet, cache.liveRootFields);
      cache.decide(flight.params, flight.cacheable);
    },

    /** When the answer is serialized: a hit sends the stored bytes; a miss notes whether it had errors. */
    onResultProcess({ request, result, setResultProcessor }) {
      const hit = hits.get(request);
      if (hit) {
        setResultProcessor(() => new Response(hit.body, { status: 200, headers: { 'content-type': hit.contentType, 'x-cache': 'hit' } }), hit.mediaType);
        return;
      }
      const flight = flights.get(request);
      const single = result as ExecutionResult;
      if (flight && (Array.isArray(result) || Symbol.asyncIterator in single || single.errors?.length)) flight.cacheable = false;
    },

    /**
     * When yoga has answered: a cacheable 200 is kept as its bytes (read once, no clone) and sent
     * from them. Whatever happened, waiters for a computation that kept nothing compute on their own.
     */
    async onResponse({ request, response, serverContext, setResponse }) {
      const flight = flights.get(request);
      if (!flight) return;
      flights.delete(request);
      let answer: CachedAnswer | undefined;
      try {
        if (!flight.cacheable || response.status !== 200) return;
        const body = new Uint8Array(await response.arrayBuffer());
        const contentType = response.headers.get('content-type') ?? 'application/json';
        answer = { key: flight.key, body, contentType, mediaType: contentType.split(';')[0]!.trim() };
        // The platform's own Response (on Node, the adapter's), which is written without a stream.
        const headers: Record<string, string> = Object.fromEntries(response.headers);
        headers['x-cache'] = 'miss';
        note(serverContext, 'miss');
        const fresh = new Response(body, { status: 200, headers });
        (fresh as Response & { [PLAIN]?: PlainAnswer })[PLAIN] = { body, status: 200, headers };
        setResponse(fresh);
        if (!cache.keep(answer)) answer = undefined;
      } finally {
        flight.settle(answer);
      }
    },
  };
}
