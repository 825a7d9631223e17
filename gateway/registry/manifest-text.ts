/** Where a manifest's JSON goes wrong: line and column (from 1), what was expected and what was found. */
export interface JsonMistake {
  line: number;
  column: number;
  expected: string;
  found: string;
}

export type ManifestText = { ok: true; value: unknown } | { ok: false; mistake: JsonMistake };

/**
 * Parses a manifest's JSON text; a mistake is located by line and column, as an editor shows it,
 * never as V8's "position 19" (or no position at all). The parser runs first; only a text it
 * refuses is scanned again, once, in linear time.
 */
export function parseManifestText(text: string): ManifestText {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, mistake: jsonMistake(text) ?? { ...lineAndColumn(text, text.length), expected: 'valid JSON', found: 'something else' } };
  }
}

/** A JSON mistake in words: "line 3, column 5: expected ',' or '}', found '"'". */
export function describeMistake(mistake: JsonMistake): string {
  return `line ${mistake.line}, column ${mistake.column}: expected ${mistake.expected}, found ${mistake.found}`;
}

type Want = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORDS = ['true', 'false', 'null'] as const;

/** The first mistake of a JSON text, found by one pass with an explicit stack (no recursion); undefined when it is valid. */
export function jsonMistake(text: string): JsonMistake | undefined {
  const stack: string[] = [];
  let want: Want = 'value';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (at: number, expected: string, found?: string): JsonMistake => ({
    ...lineAndColumn(text, at),
    expected,
    found: found ?? (at >= text.length ? 'the end of the text' : `'${String.fromCodePoint(text.codePointAt(at)!)}'`),
  });
  const afterValue = () => (want = stack.length ? 'comma-or-close' : 'end');
  while (true) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    if (i >= text.length) return (want as Want) === 'end' ? undefined : fail(i, expectedOf(want, stack));
    const c = text[i]!;
    if (want === 'value' || want === 'value-or-close') {
      if (want === 'value-or-close' && c === ']') {
        stack.pop(), i++, afterValue();
      } else if (c === '{' || c === '[') {
        stack.push(c), i++, (want = c === '{' ? 'key-or-close' : 'value-or-close');
      } else if (c === '"') {
        const end = stringEnd(text, i);
        if (typeof end !== 'number') return fail(end.at, end.expected, end.found);
        (i = end), afterValue();
      } else if (c === '-' || (c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return fail(i, 'a number');
        (i = NUMBER.lastIndex), afterValue();
      } else {
        const word = WORDS.find((w) => text.startsWith(w, i));
        if (!word) return fail(i, c === "'" ? 'a value (text goes in double quotes)' : 'a value');
        (i += word.length), afterValue();
      }
    } else if (want === 'key' || want === 'key-or-close') {
      if (want === 'key-or-close' && c === '}') {
        stack.pop(), i++, afterValue();
      } else if (c === '"') {
        const end = stringEnd(text, i);
        if (typeof end !== 'number') return fail(end.at, end.expected, end.found);
        (i = end), (want = 'colon');
      } else return fail(i, want === 'key' ? 'a property name in double quotes (no comma before a closing brace)' : "a property name in double quotes or '}'");
    } else if (want === 'colon') {
      if (c !== ':') return fail(i, "':'");
      i++, (want = 'value');
    } else if ((want as Want) === 'comma-or-close') {
      const close = stack.at(-1) === '{' ? '}' : ']';
      if (c === ',') i++, (want = close === '}' ? 'key' : 'value');
      else if (c === close) stack.pop(), i++, afterValue();
      else return fail(i, `',' or '${close}'`);
    } else return fail(i, 'the end of the text');
  }
}

function expectedOf(want: Want, stack: string[]): string {
  if (want === 'comma-or-close') return `',' or '${stack.at(-1) === '{' ? '}' : ']'}'`;
  if (want === 'colon') return "':'";
  if (want === 'key' || want === 'key-or-close') return 'a property name in double quotes';
  return 'a value';
}

/** The offset after a JSON string starting at `start`, or the mistake inside it. */
function stringEnd(text: string, start: number): number | { at: number; expected: string; found?: string } {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code === 0x5c) i++;
    else if (code < 0x20) return { at: i, expected: 'a closing double quote on the same line', found: code === 0x0a ? 'a line break' : 'a control character' };
  }
  return { at: text.length, expected: 'a closing double quote' };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++, (lineStart = i + 1);
  return { line, column: offset - lineStart + 1 };
}
