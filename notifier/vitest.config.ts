import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'notifier',
    include: ['test/**/*.test.ts'],
    // Integration suites each create their own database; the browser test launches Chromium.
    testTimeout: 30_000,
    // The first suite to need the dbt warehouse template builds it (dbt seed + run), which can take
    // minutes on a busy 2-core machine; later suites clone it in about a second.
    hookTimeout: 600_000,
  },
});
