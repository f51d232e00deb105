import { defineConfig } from 'vitest/config';

// One run for every TypeScript suite; each workspace keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['loaders', 'notifier', 'fake-api', 'jobctl', 'ui', 'infra'],
    coverage: {
      provider: 'v8',
      reporter: ['text-summary', 'json-summary', 'html'],
      reportsDirectory: 'coverage/ts',
      // .svelte components are exercised by the browser suite; v8 coverage cannot parse them.
      include: ['loaders/src/**/*.ts', 'notifier/src/**/*.ts', 'fake-api/src/**/*.ts', 'ui/src/lib/**/*.ts'],
      exclude: ['**/*.d.ts', '**/cli.ts'],
    },
  },
});
