import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'loaders',
    include: ['test/**/*.test.ts'],
    // Integration suites spawn servers and CLIs and share one PostgreSQL; keep them generous but bounded.
    testTimeout: 30_000,
    hookTimeout: 240_000,
  },
});
