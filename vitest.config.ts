import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Resolve graphql as Node does (its CommonJS build), the copy graphql-yoga loads: two copies
    // would break `instanceof GraphQLError`, and yoga would mask the gateway's coded errors.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['{gateway,schemas,connectors,scripts,test}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
