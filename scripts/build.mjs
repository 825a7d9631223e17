#!/usr/bin/env node
// `npm run build`: compiles the Node entry and the validate-manifest CLI to dist/ (esbuild, one
// ES module each). Dependencies stay external, so `npm ci --omit=dev` provides them at run time.
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: { node: 'gateway/runtime/node.ts', 'validate-manifest': 'gateway/runtime/validate-manifest.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync('dist/validate-manifest.js', 0o755);
console.error('built dist/node.js and dist/validate-manifest.js');
