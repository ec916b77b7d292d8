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
  },
});
