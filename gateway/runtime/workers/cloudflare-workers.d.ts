/**
 * The part of the Workers runtime's `cloudflare:workers` module this gateway uses: the Durable
 * Object base class (JS RPC: its public methods are callable on a stub) and SQLite-backed storage.
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
  }

  export interface DurableObjectState {
    readonly storage: DurableObjectStorage;
    /** The object's id (`toString()`: its hex form). */
    readonly id: { toString(): string };
    blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T>;
  }

  /** Base class of a Durable Object whose public methods are called over JS RPC. */
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}
