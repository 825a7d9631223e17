import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import { type RegexLiteral, regexLiterals } from './regex-literals';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The TypeScript sources (tests left out) under the given folders of the repository. */
export function sourceFiles(...folders: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [join(dir, d.name)] : [],
    );
  return folders.flatMap((folder) => walk(join(ROOT, folder))).map((file) => relative(ROOT, file));
}

/** Every regular expression literal of those files. */
export function literalsOf(files: string[]): RegexLiteral[] {
  return files.flatMap((file) => regexLiterals(file, readFileSync(join(ROOT, file), 'utf8')));
}

/**
 * Patterns the compliance rules keep as strings (`pattern`, `idPattern`) and the gateway compiles
 * with `new RegExp` to test product values: read from the rule sources as written.
 */
export function rulePatterns(files: string[]): RegexLiteral[] {
  return files.flatMap((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return [...text.matchAll(/\b(?:pattern|idPattern): '((?:[^'\\\n]|\\.){0,200})'/g)].map((m) => ({
      file,
      line: text.slice(0, m.index).split('\n').length,
      source: m[1]!.replace(/\\(.)/g, '$1'),
      flags: '',
    }));
  });
}

/** What recheck says of one pattern: `safe`, or why not (its complexity, or that it could not tell). */
export function verdict(literal: Pick<RegexLiteral, 'source' | 'flags'>): string {
  const result = checkSync(literal.source, literal.flags, { timeout: 10_000 });
  if (result.status === 'safe') return 'safe';
  if (result.status === 'vulnerable') return `vulnerable: ${result.complexity.summary}, e.g. ${JSON.stringify(result.attack.pattern)}`;
  return `unknown: ${result.error.kind}`;
}
