import { AsyncLocalStorage } from 'node:async_hooks';
import type { AsyncContext } from '../../observability/tracer';

/**
 * The current span across awaits, on Node: an AsyncLocalStorage that is switched off whenever no
 * traced work is running. On Node 20 an enabled AsyncLocalStorage hooks every promise in the
 * process, so it is only on while a request that may start upstream work is being traced.
 */
export function nodeTraceContext<T>(): AsyncContext<T> {
  const storage = new AsyncLocalStorage<T>();
  let running = 0;
  const done = () => {
    if (--running === 0) storage.disable();
  };
  return {
    run(value, fn) {
      running++;
      let result: ReturnType<typeof fn>;
      try {
        result = storage.run(value, fn);
      } catch (error) {
        done();
        throw error;
      }
      if (result instanceof Promise) return result.finally(done) as typeof result;
      done();
      return result;
    },
    getStore: () => storage.getStore(),
  };
}
