import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'jobctl',
    include: ['test/**/*.test.ts'],
    // The process tests start jobctl through tsx on a busy machine.
    testTimeout: 60_000,
  },
});
