import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'fake-api',
    include: ['test/**/*.test.ts'],
  },
});
