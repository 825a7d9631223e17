#!/usr/bin/env node
// The production build (esbuild): the Node entry and the validate-manifest CLI compiled to dist/,
// one ES module each. The Node entry keeps its dependencies external (`npm ci --omit=dev` provides
// them at run time); the CLI inlines them, one file an economy can run anywhere with Node 20.
//   node esbuild.config.mjs             `npm run build`: builds.
//   node esbuild.config.mjs --cli-only --outdir DIR   only the self-contained CLI, into DIR (tests).
//   node esbuild.config.mjs --if-stale  `npm start`'s prestart: builds only when dist/ is missing or
//                                       older than a source, so a fresh clone's `npm ci && npm start`
//                                       works in one step and a container built with `npm run build`
//                                       then `npm ci --omit=dev` needs no development tool.
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUT = 'dist/node.js';
const SOURCES = ['gateway', 'connectors', 'schemas', 'scripts', 'package-lock.json', 'tsconfig.json'];

/** The newest modification time of a source file below `path`. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(tsx?|json|csv|xml)$/.test(path) ? stat.mtimeMs : 0;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

if (process.argv.includes('--if-stale')) {
  const built = existsSync(OUTPUT) ? statSync(OUTPUT).mtimeMs : 0;
  if (built && SOURCES.every((source) => !existsSync(source) || newest(source) <= built)) process.exit(0);
  if (!existsSync('node_modules/esbuild')) {
    console.error(
      `ovop-gateway: start failed: ${built ? 'dist/ is older than the sources' : 'dist/ is missing'} and esbuild is not installed; run npm ci && npm run build`,
    );
    process.exit(1);
  }
}

const { build } = await import('esbuild');
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning' };
const cliOnly = process.argv.includes('--cli-only');
const outIndex = process.argv.indexOf('--outdir');
const cliDir = outIndex > 0 ? process.argv[outIndex + 1] : 'dist';
if (!cliOnly)
  await build({
    ...common,
    entryPoints: { node: 'gateway/runtime/node/main.ts' },
    outdir: 'dist',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  });
// The CLI is one self-contained file (its dependencies inlined), so that an economy runs
// `node validate-manifest.js manifest.json` with Node 20 alone, without cloning the repository.
await build({
  ...common,
  entryPoints: { 'validate-manifest': 'scripts/validate-manifest.ts' },
  outdir: cliDir,
  sourcemap: false,
  // Bundled CommonJS dependencies still call require(): give the ES module one.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
});
chmodSync(join(cliDir, 'validate-manifest.js'), 0o755);
console.error(cliOnly ? `built ${join(cliDir, 'validate-manifest.js')} (self-contained)` : 'built dist/node.js and dist/validate-manifest.js (self-contained)');
