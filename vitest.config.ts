import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Two tiers, as vitest projects (`--project unit`, `--project integration`); `vitest run` runs both.
 * - unit: the tests beside the code, each of one module, in process (a loopback server or the
 *   local Redis at most), plus the static import-boundary check. `npm run test:unit` runs this tier
 *   alone, in well under a minute. Its files share one module graph per worker (`isolate: false`):
 *   they hold no global state between them (a spy is restored in the test that made it), and
 *   re-importing the gateway for each of 60-odd files was most of the tier's time.
 * - integration: the suites in test/, over real HTTP, real Redis, Chromium, the Workers runtime.
 */
const UNIT = ['{gateway,schemas,connectors,scripts}/**/*.test.ts', 'test/architecture.test.ts'];

export default defineConfig({
  resolve: {
    // Resolve graphql as Node does (its CommonJS build), the copy graphql-yoga loads: two copies
    // would break `instanceof GraphQLError`, and yoga would mask the gateway's coded errors.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT] } },
    ],
  },
});
