import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'notifier',
    include: ['test/**/*.test.ts'],
    // Integration suites each create their own database; the browser test launches Chromium.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
