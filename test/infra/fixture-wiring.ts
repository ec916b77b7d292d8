// A wiring that exercises what the real declaration does not have yet: queues (one with a
// dead-letter consumer, one without a batching window), schedules, a traced function, a role route
// open to agents, and every kind of `use`. Entries point at existing handler files: the
// infrastructure tests skip bundling, they only need the files to exist.
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';

export const fixtureWiring: Wiring = {
  ...wiring,
  functions: {
    ...wiring.functions,
    jobsApi: {
      entry: 'functions/http/whoami.ts',
      description: 'POST /v1/jobs/{job_id}: accepts a job and enqueues it',
      memoryMb: 256,
      timeoutSeconds: 5,
      uses: [{ table: 'readWrite' }, { queue: 'jobs', send: true }],
    },
    jobsWorker: {
      entry: 'functions/http/health.ts',
      description: 'Consumes the jobs queue and fans results out',
      memoryMb: 1024,
      timeoutSeconds: 30,
      tracing: true,
      uses: [{ table: 'readWrite' }, { queue: 'fanout', send: true }],
    },
    fanoutWorker: {
      entry: 'functions/ws/default.ts',
      description: 'Consumes the fanout queue and posts to WebSocket connections',
      memoryMb: 512,
      timeoutSeconds: 10,
      uses: [{ table: 'read' }, { connections: true }],
    },
    deadLetterRecorder: {
      entry: 'functions/http/health.ts',
      description: 'Drains the jobs DLQ into dead-letter records',
      memoryMb: 256,
      timeoutSeconds: 20,
      uses: [{ table: 'readWrite' }, { deadLetterQueue: 'jobs', receive: true, inspect: true }],
    },
    sweeper: {
      entry: 'functions/http/health.ts',
      description: 'Re-enqueues stuck jobs',
      memoryMb: 256,
      timeoutSeconds: 60,
      settings: ['LOG_LEVEL'],
      uses: [{ table: 'readWrite' }, { queue: 'jobs', send: true, inspect: true }],
    },
  },
  http: {
    ...wiring.http,
    routes: [
      ...wiring.http.routes,
      {
        method: 'POST',
        path: '/v1/jobs/{job_id}',
        function: 'jobsApi',
        access: 'maintainer',
        agents: true,
        action: 'job.accept',
        summary: 'Accept a job',
      },
    ],
  },
  queues: {
    // The declared queues stay: declared functions use them.
    ...wiring.queues,
    jobs: {
      consumer: 'jobsWorker',
      batchSize: 10,
      batchingWindowSeconds: 5,
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
      maxConcurrency: 4,
      retentionDays: 4,
      deadLetterConsumer: 'deadLetterRecorder',
    },
    fanout: {
      consumer: 'fanoutWorker',
      batchSize: 10,
      batchingWindowSeconds: 0,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 3,
      maxConcurrency: 2,
    },
  },
  schedules: {
    stuckJobs: { function: 'sweeper', rateMinutes: 5, description: 'Re-enqueue jobs stuck in queued' },
    heartbeat: { function: 'sweeper', rateMinutes: 1, description: 'Every minute' },
  },
};

/** Context for the fixture stack: every optional branch of the stack turned the other way. */
export const fixtureContext = {
  'scorecast:removalPolicy': 'destroy',
  'scorecast:corsOrigins': 'https://app.example.test, https://admin.example.test',
  'scorecast:alarmEmail': 'ops@example.test',
  'scorecast:apiGatewayCloudWatchRole': 'false',
  'scorecast:settings': JSON.stringify({
    JWT_ISSUERS: '[{"issuer":"https://issuer.example.test","audience":"scorecast"}]',
    LOG_LEVEL: 'DEBUG',
  }),
} as const;
