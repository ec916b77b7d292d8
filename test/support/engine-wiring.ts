// The small declaration the engine tests run on: a table with two indexes, a scoring queue with a
// DLQ consumer and a delivery queue without one (test/local/engines.test.ts, external-engines.test.ts).
import type { Wiring } from '#infra/wiring-types.ts';

export const engineTestWiring: Wiring = {
  service: 'scorecast',
  table: {
    partitionKey: 'PK',
    sortKey: 'SK',
    ttlAttribute: 'expires_at',
    indexes: { GSI1: { partitionKey: 'GSI1PK', sortKey: 'GSI1SK' }, GSI2: { partitionKey: 'GSI2PK', sortKey: 'GSI2SK' } },
  },
  functions: {
    worker: { entry: 'test/fixtures/functions/queue-worker.ts', description: 'worker', memoryMb: 256, timeoutSeconds: 5 },
    recorder: { entry: 'test/fixtures/functions/queue-worker.ts', description: 'recorder', memoryMb: 256, timeoutSeconds: 10 },
  },
  authorizer: { function: 'worker', cacheTtlSeconds: 0, webSocketTokenParameter: 'token' },
  http: { cors: { allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 0 }, throttle: { rateLimit: 1, burstLimit: 1 }, routes: [] },
  webSocket: { stage: 'prod', routes: {}, idleTimeoutSeconds: 600, maxConnectionSeconds: 7200 },
  queues: {
    scoring: {
      consumer: 'worker',
      batchSize: 5,
      batchingWindowSeconds: 0,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 3,
      maxConcurrency: 2,
      retentionDays: 7,
      deadLetterConsumer: 'recorder',
    },
    delivery: { consumer: 'worker', batchSize: 10, batchingWindowSeconds: 1, visibilityTimeoutSeconds: 45, maxReceiveCount: 8, maxConcurrency: 2 },
  },
  schedules: {},
  settings: {},
};
