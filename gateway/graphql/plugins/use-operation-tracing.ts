import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { RequestRecord } from '../../http/middleware/observe';
import { SpanKind, type Tracer } from '../../observability/tracer';

/**
 * Names the request's GraphQL operation for its access-log line and metrics, and wraps its
 * execution in a span (child of the request's span), current while resolvers run when they may
 * call upstreams (`propagate`), so that an upstream request a resolver causes nests under it.
 */
export function useOperationTracing(tracer: Tracer, propagate: () => boolean = () => true): Plugin<{ record?: RequestRecord }> {
  return {
    /** Runs once the operation is parsed and validated, before execution. */
    onExecute({ args, executeFn, setExecuteFn }) {
      const record = (args.contextValue as { record?: RequestRecord }).record;
      const operation = getOperationAST(args.document, args.operationName);
      const type = operation?.operation ?? 'query';
      const name = operation?.name?.value.slice(0, 100) ?? null;
      if (record) {
        record.operationType = type;
        record.operationName = name;
      }
      const span = tracer.start(name ? `${type} ${name}` : type, SpanKind.INTERNAL, record?.span, {
        'graphql.operation.type': type,
        ...(name && { 'graphql.operation.name': name }),
      });
      if (!span) return;
      // Mutations (registrations harvest) and cold queries may call upstreams: their spans nest here.
      if (type === 'mutation' || propagate()) setExecuteFn((executeArgs) => tracer.with(span, () => executeFn(executeArgs)));
      return {
        /** Runs when execution has finished. */
        onExecuteDone({ result }) {
          if (!(Symbol.asyncIterator in result) && result.errors?.length) span.fail(`${result.errors.length} error(s)`);
          span.end();
        },
      };
    },
  };
}
