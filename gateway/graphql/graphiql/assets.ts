/** One of GraphiQL's files as the gateway serves it. */
export interface GraphiqlAsset {
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
}

/**
 * GraphiQL's script, styles and editor workers (`@graphql-yoga/render-graphiql`), served by the
 * gateway itself: Node holds them as the package's strings; the Worker reads them from the
 * package's module bundled as bytes, outside the isolate's JS heap.
 */
export interface GraphiqlAssets {
  /** Changes with the assets: the path's version, so that they may be cached for a year. */
  readonly version: string;
  /** The asset of that file name, or undefined for an unknown name. */
  asset(name: string): GraphiqlAsset | undefined;
}

const SCRIPT = 'text/javascript; charset=utf-8';
/** The served file names, by the export of `@graphql-yoga/render-graphiql/graphiql` each one is. */
export const GRAPHIQL_FILES: Record<string, { from: string; contentType: string }> = {
  'graphiql.js': { from: 'js', contentType: SCRIPT },
  'graphiql.css': { from: 'css', contentType: 'text/css; charset=utf-8' },
  'editor.worker.js': { from: 'editorWorkerService', contentType: SCRIPT },
  'json.worker.js': { from: 'jsonWorker', contentType: SCRIPT },
  'graphql.worker.js': { from: 'graphqlWorker', contentType: SCRIPT },
};

/** The assets from the package's exported strings (held in the heap: Node). */
export function stringGraphiqlAssets(exports: Record<string, string>): GraphiqlAssets {
  return {
    version: `${exports.js!.length.toString(36)}${exports.css!.length.toString(36)}`,
    asset(name) {
      const file = Object.hasOwn(GRAPHIQL_FILES, name) ? GRAPHIQL_FILES[name]! : undefined;
      return file && { body: exports[file.from]!, contentType: file.contentType };
    },
  };
}

/**
 * The assets from the package module's own bytes (`export const js = "…";`, one JSON string
 * literal a line), kept as they are: a file's literal is unescaped into UTF-8 only when the file is
 * asked for, so that no string of it ever lives in the heap (the Worker: megabytes of script).
 */
export function moduleGraphiqlAssets(source: Uint8Array): GraphiqlAssets {
  let found: Map<string, { start: number; end: number }> | undefined;
  const literals = () => (found ??= exportedLiterals(source));
  const length = (name: string) => (literals().get(name)?.end ?? 0) - (literals().get(name)?.start ?? 0);
  return {
    get version() {
      return `m${length('js').toString(36)}${length('css').toString(36)}`;
    },
    asset(name) {
      const file = Object.hasOwn(GRAPHIQL_FILES, name) ? GRAPHIQL_FILES[name]! : undefined;
      const literal = file && literals().get(file.from);
      return literal && { body: unescapeJsonString(source.subarray(literal.start, literal.end)), contentType: file.contentType };
    },
  };
}

/** A line that exports a string: `export const NAME = "` (ES module) or `exports.NAME = "` (CommonJS). */
const EXPORT_LINE = /^(?:export const |exports\.)(\w+) = "/;

/** Where each exported string's literal is, between its quotes (a line each, as the package is built). */
export function exportedLiterals(source: Uint8Array): Map<string, { start: number; end: number }> {
  const found = new Map<string, { start: number; end: number }>();
  const decoder = new TextDecoder();
  let at = 0;
  while (at < source.length) {
    let end = source.indexOf(0x0a, at);
    if (end < 0) end = source.length;
    const head = EXPORT_LINE.exec(decoder.decode(source.subarray(at, Math.min(end, at + 128))));
    if (head) {
      let close = end - 1;
      while (close > at && source[close] !== 0x22) close--;
      const start = at + head[0].length;
      if (close >= start) found.set(head[1]!, { start, end: close });
    }
    at = end + 1;
  }
  return found;
}

/**
 * The UTF-8 bytes of the text a JSON string literal's body (between its quotes, as UTF-8) stands
 * for, without making a string of it: escapes resolved, `\uXXXX` pairs joined, a lone surrogate as
 * U+FFFD (what `TextEncoder` makes of one).
 */
export function unescapeJsonString(body: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(body.length);
  let n = 0;
  const hex = (at: number) => {
    let v = 0;
    for (let i = at; i < at + 4; i++) {
      const c = body[i]!;
      v = v * 16 + (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57);
    }
    return v;
  };
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (b !== 0x5c) {
      out[n++] = b;
      continue;
    }
    const e = body[++i]!;
    if (e !== 0x75) {
      out[n++] = ESCAPES[e] ?? e;
      continue;
    }
    let code = hex(i + 1);
    i += 4;
    if (code >= 0xd800 && code < 0xdc00 && body[i + 1] === 0x5c && body[i + 2] === 0x75) {
      const low = hex(i + 3);
      if (low >= 0xdc00 && low < 0xe000) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i += 6;
      }
    }
    if (code >= 0xd800 && code < 0xe000) code = 0xfffd;
    // An escape is 6 bytes (12 for a pair), its UTF-8 at most 3 (4): the output never outgrows the input.
    if (code < 0x80) out[n++] = code;
    else if (code < 0x800) (out[n++] = 0xc0 | (code >> 6)), (out[n++] = 0x80 | (code & 0x3f));
    else if (code < 0x10000) (out[n++] = 0xe0 | (code >> 12)), (out[n++] = 0x80 | ((code >> 6) & 0x3f)), (out[n++] = 0x80 | (code & 0x3f));
    else
      (out[n++] = 0xf0 | (code >> 18)), (out[n++] = 0x80 | ((code >> 12) & 0x3f)), (out[n++] = 0x80 | ((code >> 6) & 0x3f)), (out[n++] = 0x80 | (code & 0x3f));
  }
  return out.slice(0, n);
}

/** The byte each one-letter escape stands for (`\"`, `\\` and `\/` stand for themselves). */
const ESCAPES: Record<number, number> = { 98: 0x08, 102: 0x0c, 110: 0x0a, 114: 0x0d, 116: 0x09 };
