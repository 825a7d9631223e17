import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house's boundaries (docs/architecture.md), checked on the code's own imports, type-only
 * imports and re-exports included: production files only (tests may reach anywhere).
 */
const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['gateway', 'connectors', 'schemas'];
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(?\s*['"]([^'"]+)['"]/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier.split('?')[0] ?? specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return relative(ROOT, candidate);
    } catch {}
  }
  return undefined;
}

/** Every production file with what it imports: project files (repo-relative) and packages. */
const graph = new Map<string, { local: string[]; packages: string[] }>();
for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
  const text = readFileSync(file, 'utf8');
  const local: string[] = [];
  const packages: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    if (!specifier) continue;
    if (specifier.startsWith('.')) {
      const target = resolveLocal(file, specifier);
      if (target) local.push(target);
    } else packages.push(specifier);
  }
  graph.set(relative(ROOT, file), { local, packages });
}

/** Arrows from files under `from` to files under any of `to`. */
function arrows(from: string, to: string[], except: (file: string) => boolean = () => false): string[] {
  const found: string[] = [];
  for (const [file, { local }] of graph) {
    if (!file.startsWith(from) || except(file)) continue;
    for (const target of local) if (to.some((prefix) => target.startsWith(prefix))) found.push(`${file} → ${target}`);
  }
  return found;
}

describe('the import structure', () => {
  it('reads the whole production tree', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('gateway/app.ts')?.local.length).toBeGreaterThan(5);
  });

  it('schemas/ imports nothing of the project; connectors/ import nothing of gateway/', () => {
    expect(arrows('schemas/', ['gateway/', 'connectors/'])).toEqual([]);
    expect(arrows('connectors/', ['gateway/'])).toEqual([]);
  });

  it('stores know no snapshot shape and no API', () => {
    expect(arrows('gateway/stores/', ['gateway/federation/', 'gateway/graphql/', 'gateway/http/', 'gateway/pages/', 'gateway/registry/'])).toEqual([]);
  });

  it('the engine (federation, changes) knows no API and no registry', () => {
    const api = ['gateway/graphql/', 'gateway/http/', 'gateway/pages/', 'gateway/registry/'];
    expect(arrows('gateway/federation/', api)).toEqual([]);
    expect(arrows('gateway/changes/', api)).toEqual([]);
    expect(arrows('gateway/webhooks/', api)).toEqual([]);
  });

  it('graphql/ does not reach into http/, and http/ does not import the pages', () => {
    expect(arrows('gateway/graphql/', ['gateway/http/'])).toEqual([]);
    expect(arrows('gateway/http/', ['gateway/pages/'])).toEqual([]);
  });

  it('normalization and money are pure (a rate provider aside)', () => {
    const impure = ['gateway/http/', 'gateway/graphql/', 'gateway/stores/', 'gateway/federation/'];
    expect(arrows('gateway/normalize/', impure)).toEqual([]);
    expect(arrows('gateway/money/', impure, (file) => file === 'gateway/money/rates/provider.ts')).toEqual([]);
  });

  it('node: built-ins and ioredis appear only under runtime/', () => {
    const found: string[] = [];
    for (const [file, { packages }] of graph) {
      if (file.startsWith('gateway/runtime/')) continue;
      for (const name of packages) if (name.startsWith('node:') || name === 'ioredis') found.push(`${file} → ${name}`);
    }
    expect(found).toEqual([]);
  });

  it('has no import loops', () => {
    const loops: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file)?.local ?? []) {
        if (!graph.has(next)) continue;
        const seen = state.get(next);
        if (seen === 'open') loops.push([...stack.slice(stack.indexOf(next)), next].join(' → '));
        else if (!seen) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(loops).toEqual([]);
  });
});
