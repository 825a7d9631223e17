#!/usr/bin/env node
// `npm start` runs this first: it builds dist/ when it is missing or older than a source file, so
// a fresh clone's `npm ci && npm start` works in one step, and does nothing when dist/ is fresh
// (a container built with `npm run build` and then `npm ci --omit=dev` needs no development tool).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const OUTPUT = 'dist/node.js';
const SOURCES = ['gateway', 'connectors', 'schemas', 'package-lock.json'];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(ts|json)$/.test(path) ? stat.mtimeMs : 0;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

const built = existsSync(OUTPUT) ? statSync(OUTPUT).mtimeMs : 0;
if (built && SOURCES.every((source) => !existsSync(source) || newest(source) <= built)) process.exit(0);
if (!existsSync('node_modules/esbuild')) {
  console.error(
    `ovop-gateway: start failed: ${built ? 'dist/ is older than the sources' : 'dist/ is missing'} and esbuild is not installed; run npm ci && npm run build`,
  );
  process.exit(1);
}
execSync('node scripts/build.mjs', { stdio: 'inherit' });
