import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'infra',
    include: ['test/**/*.test.ts'],
    // Building the seven stacks with cdk-nag takes 10-40 s on a shared 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
