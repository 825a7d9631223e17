/**
 * The part of the Workers runtime's `cloudflare:workers` module this gateway uses: the Durable
 * Object base class (JS RPC: its public methods are callable on a stub), SQLite-backed storage,
 * and `waitUntil` for work a request leaves behind.
 */
declare module 'cloudflare:workers' {
  /** A value SQLite hands back or takes as a binding. */
  export type SqlStorageValue = ArrayBuffer | string | number | null;

  /** The rows of one statement, read as they are iterated. */
  export interface SqlStorageCursor<T extends Record<string, SqlStorageValue>> extends Iterable<T> {
    toArray(): T[];
    /** The single row; throws unless there is exactly one. */
    one(): T;
    readonly rowsRead: number;
    readonly rowsWritten: number;
  }

  /** A SQLite-backed Durable Object's database: synchronous, private to the object. */
  export interface SqlStorage {
    exec<T extends Record<string, SqlStorageValue> = Record<string, SqlStorageValue>>(query: string, ...bindings: SqlStorageValue[]): SqlStorageCursor<T>;
    readonly databaseSize: number;
  }

  export interface DurableObjectStorage {
    readonly sql: SqlStorage;
    /** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
    transactionSync<T>(fn: () => T): T;
    /** The key-value API (kept in the same SQLite database on a SQLite-backed object). */
    get<T = unknown>(key: string): Promise<T | undefined>;
    put(key: string, value: unknown): Promise<void>;
    delete(key: string): Promise<boolean>;
    deleteAll(): Promise<void>;
    /** The object's one alarm: when `alarm()` next runs (milliseconds since the epoch), or null. */
    getAlarm(): Promise<number | null>;
    setAlarm(scheduledTime: number): Promise<void>;
    deleteAlarm(): Promise<void>;
  }

  export interface DurableObjectState {
    readonly storage: DurableObjectStorage;
    /** The object's id (`toString()`: its hex form). */
    readonly id: { toString(): string };
    blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T>;
    waitUntil(promise: Promise<unknown>): void;
  }

  /** Extends the current request's (or event's) lifetime until `promise` settles, as `ctx.waitUntil` does. */
  export function waitUntil(promise: Promise<unknown>): void;

  /** Base class of a Durable Object whose public methods are called over JS RPC. */
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}
