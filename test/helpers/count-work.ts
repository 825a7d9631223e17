/**
 * Work counted, not timed: how many characters the string and regular-expression operations of
 * `run` scan. While `run` runs, `RegExp.prototype.exec` (which `replace`, `test`, `match` and
 * `split` call once it is replaced) and the string methods that walk their text are wrapped, each
 * call adding what it scans: a non-sticky exec the span from where it started to the end of its
 * match (or of the text), a sticky one its match, `normalize`/`toLowerCase`/`trim`/`indexOf`… the
 * whole text, `slice` what it copies, `startsWith`/`endsWith` the string they compare. A linear
 * regex (every one is, test/redos.test.ts) scans no more than that, up to a constant; a loop that
 * rescans its whole text per step shows up as work that grows with the square of the input.
 */
export function countWork(run: () => void): number {
  let work = 0;
  const restore: Array<() => void> = [];
  const wrap = <T extends object>(proto: T, name: string, cost: (self: any, args: any[], result: any, before: number) => number) => {
    const original = (proto as any)[name] as (...args: any[]) => any;
    (proto as any)[name] = function (this: any, ...args: any[]) {
      const before = this instanceof RegExp ? this.lastIndex : 0;
      const result = original.apply(this, args);
      work += cost(this, args, result, before);
      return result;
    };
    restore.push(() => {
      (proto as any)[name] = original;
    });
  };
  const whole = (self: string) => self.length;
  wrap(RegExp.prototype, 'exec', (self: RegExp, [input]: any[], match: RegExpExecArray | null, before: number) => {
    const start = self.global || self.sticky ? before : 0;
    if (self.sticky) return 1 + (match ? match[0].length : 0);
    return match ? match.index + match[0].length - start + 1 : String(input).length - start + 1;
  });
  for (const name of ['normalize', 'toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd', 'indexOf', 'lastIndexOf', 'includes']) {
    wrap(String.prototype, name, whole);
  }
  const stringPattern = (self: string, [pattern]: any[]) => (typeof pattern === 'string' ? self.length : 0);
  for (const name of ['split', 'replace', 'replaceAll']) wrap(String.prototype, name, stringPattern);
  for (const name of ['slice', 'substring', 'padEnd', 'padStart', 'repeat']) wrap(String.prototype, name, (_, __, result: string) => result.length);
  for (const name of ['startsWith', 'endsWith']) wrap(String.prototype, name, (_, [search]: any[]) => String(search).length);
  wrap(String.prototype, 'charCodeAt', () => 1);
  try {
    run();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
  return work;
}
