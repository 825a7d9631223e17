import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestRecord } from '../../observability/request-record';
import { type Span, SpanKind, type Tracer } from '../../observability/tracer';

/** One operation's span, begun by {@link traceOperation}. */
export interface OperationTrace {
  /** Runs the execution, with the span current when upstream requests may follow (see `propagate`). */
  run<T>(execute: () => T): T;
  /** Ends the span, failed when the result has errors. */
  end(result: ExecutionResult): void;
}

const UNTRACED: OperationTrace = { run: (execute) => execute(), end: () => {} };

/**
 * Names the request's GraphQL operation for its access-log line and metrics (`record`), and begins
 * its span, a child of the request's. Mutations (registrations harvest) and, while `propagate`
 * says so, queries (cold harvests) may call upstreams: their execution runs with the span current.
 * Yoga's plugin and the direct path (direct-execution.ts) both trace operations through it.
 */
export function traceOperation(
  tracer: Tracer,
  options: { document: DocumentNode; operationName?: string | null; record?: RequestRecord; propagate: () => boolean },
): OperationTrace {
  const { record } = options;
  const operation = getOperationAST(options.document, options.operationName);
  const type = operation?.operation ?? 'query';
  const name = operation?.name?.value.slice(0, 100) ?? null;
  if (record) {
    record.operationType = type;
    record.operationName = name;
  }
  const span: Span | undefined = tracer.start(name ? `${type} ${name}` : type, SpanKind.INTERNAL, record?.span, {
    'graphql.operation.type': type,
    ...(name && { 'graphql.operation.name': name }),
  });
  if (!span) return UNTRACED;
  const current = type === 'mutation' || options.propagate();
  return {
    run: (execute) => (current ? tracer.with(span, execute) : execute()),
    end(result) {
      if (result.errors?.length) span.fail(`${result.errors.length} error(s)`);
      span.end();
    },
  };
}

/** Traces each operation yoga executes (see {@link traceOperation}). */
export function useOperationTracing(tracer: Tracer, propagate: () => boolean = () => true): Plugin<{ record?: RequestRecord }> {
  return {
    /** Runs once the operation is parsed and validated, before execution. */
    onExecute({ args, executeFn, setExecuteFn }) {
      const record = (args.contextValue as { record?: RequestRecord }).record;
      const trace = traceOperation(tracer, { document: args.document, operationName: args.operationName, record, propagate });
      if (trace === UNTRACED) return;
      setExecuteFn((executeArgs) => trace.run(() => executeFn(executeArgs)));
      return {
        /** Runs when execution has finished. */
        onExecuteDone({ result }) {
          if (!(Symbol.asyncIterator in result)) trace.end(result);
          else trace.end({});
        },
      };
    },
  };
}
