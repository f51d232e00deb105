import { defineConfig } from 'vitest/config';

// One run for every TypeScript suite; each workspace keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['loaders', 'notifier', 'ui'],
    coverage: {
      provider: 'v8',
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'coverage/ts',
      include: ['loaders/src/**', 'notifier/src/**', 'ui/src/lib/**'],
      exclude: ['**/*.d.ts', '**/cli.ts'],
    },
  },
});
