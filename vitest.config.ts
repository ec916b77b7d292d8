import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'functions/**/*.test.ts', 'infra/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each start their own twin on ephemeral ports; two cores, so two at a time.
    maxWorkers: 2,
    env: {
      AWS_REGION: 'us-east-1',
      POWERTOOLS_SERVICE_NAME: 'scorecast',
      POWERTOOLS_METRICS_NAMESPACE: 'Scorecast',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    // Runtime code only. Listing it in `include` counts files no test loads as 0 %, not as absent.
    // Integration tests run functions as esbuild bundles in the twin's worker threads, which this
    // process's V8 coverage does not see; the figure is what the test process itself loads.
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['shared/**/*.ts', 'functions/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      reportOnFailure: true,
    },
  },
});
