import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// A plain node project: unit tests import the pure modules of src/lib directly; the browser tests
// drive the built app (adapter-node) in a child process, built once by the global setup.
export default defineConfig({
  resolve: {
    alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) },
  },
  test: {
    name: 'ui',
    environment: 'node',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 30_000,
    // The first suite may wait for tests/support/pg.ts to build the dbt warehouse template.
    hookTimeout: 300_000,
  },
});
