/** A regular expression literal found in a source file: where, its pattern and its flags. */
export interface RegexLiteral {
  file: string;
  line: number;
  source: string;
  flags: string;
}

/** Tokens after which a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const KEYWORDS_BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

/**
 * The regular expression literals of a TypeScript source, found by one pass over its text that
 * skips comments, strings and template literals (their `${}` code is read) and tells a regex from a
 * division by the token before it.
 */
export function regexLiterals(file: string, text: string): RegexLiteral[] {
  const found: RegexLiteral[] = [];
  let i = 0;
  let line = 1;
  let last = ';'; // the last significant token (a punctuator, or a word)
  const braces: Array<'code' | 'template'> = [];
  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (text[k] === '\n') line++;
    i = to;
  };
  const template = () => {
    // i is just after a backtick or a template's closing brace
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') advance(i + 2);
      else if (c === '`') {
        advance(i + 1);
        last = 'x';
        return;
      } else if (c === '$' && text[i + 1] === '{') {
        advance(i + 2);
        braces.push('template');
        last = '{';
        return;
      } else advance(i + 1);
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r') advance(i + 1);
    else if (c === '/' && text[i + 1] === '/') advance(text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i));
    else if (c === '/' && text[i + 1] === '*') advance(text.indexOf('*/', i + 2) + 2);
    else if (c === "'" || c === '"') {
      let k = i + 1;
      while (k < text.length && text[k] !== c) k += text[k] === '\\' ? 2 : 1;
      advance(k + 1);
      last = 'x';
    } else if (c === '`') {
      advance(i + 1);
      template();
    } else if (c === '{') {
      braces.push('code');
      advance(i + 1);
      last = '{';
    } else if (c === '}') {
      advance(i + 1);
      if (braces.pop() === 'template') template();
      else last = '}';
    } else if (c === '/' && (BEFORE_REGEX.has(last) || KEYWORDS_BEFORE_REGEX.has(last))) {
      const start = i;
      let k = i + 1;
      let inClass = false;
      while (k < text.length && (inClass || text[k] !== '/')) {
        if (text[k] === '\\') k++;
        else if (text[k] === '[') inClass = true;
        else if (text[k] === ']') inClass = false;
        k++;
      }
      let end = k + 1;
      while (end < text.length && /[a-z]/.test(text[end]!)) end++;
      found.push({ file, line, source: text.slice(start + 1, k), flags: text.slice(k + 1, end) });
      advance(end);
      last = 'x';
    } else if (/[A-Za-z0-9_$]/.test(c)) {
      let k = i;
      while (k < text.length && /[A-Za-z0-9_$]/.test(text[k]!)) k++;
      last = text.slice(i, k);
      advance(k);
    } else if (c === '!' && /[A-Za-z0-9_$)\]]/.test(text[i - 1] ?? '')) {
      advance(i + 1); // TypeScript's non-null assertion: what follows is an operator, as after a value
    } else {
      last = c;
      advance(i + 1);
    }
  }
  return found;
}
