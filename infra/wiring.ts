// The one wiring declaration: every function, WebSocket route, queue, schedule and setting, and the
// HTTP routes with their functions from shared/routes/ (each route declared once there). The CDK
// stack and the local twin are both built from this value. An HTTP route is an entry in its
// feature's shared/routes/ file plus its handler; anything else is an entry here.
import type { FunctionDecl, Wiring } from './wiring-types.ts';
import { settings } from '#shared/contract/settings.ts';
import { FUNCTION_DEFAULTS, httpRouteOf, routeFunctionOf } from '#shared/contract/routes.ts';
import { tableRead, tableReadWrite } from '#shared/contract/uses.ts';
import { httpRoutes } from '#shared/routes/index.ts';
import { JUDGING_VISIBILITY_TIMEOUT_SECONDS, JUDGING_WORKER_TIMEOUT_SECONDS } from '#shared/judges/timing.ts';

/** A function's declaration, with the platform's default memory (HTTP routes get theirs in shared/routes/). */
const fn = (decl: Omit<FunctionDecl, 'memoryMb'> & { memoryMb?: number }): FunctionDecl => ({ memoryMb: FUNCTION_DEFAULTS.memoryMb, ...decl });

export const wiring = {
  service: 'scorecast',

  table: {
    partitionKey: 'PK',
    sortKey: 'SK',
    ttlAttribute: 'expires_at',
    indexes: {
      // Generic secondary keys; each item type documents what it puts in them (shared/store/keys.ts).
      GSI1: { partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
      GSI2: { partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    },
  },

  functions: {
    ...(Object.fromEntries(httpRoutes.map((route) => [route.function.name, routeFunctionOf(route)])) as Record<string, FunctionDecl>),
    authorizer: fn({
      entry: 'functions/authorizer.ts',
      description: 'HTTP API simple-response authorizer and WebSocket $connect IAM-policy authorizer',
      timeoutSeconds: 5,
      // Agent API keys are looked up by hash in one read.
      uses: [tableRead],
      settings: ['JWT_ISSUERS', 'TENANT_CLAIM', 'ROLES_CLAIM', 'LOCATIONS_CLAIM'],
    }),
    monitoringUpdates: fn({
      entry: 'functions/workers/monitoring-updates.ts',
      description: 'Coalesces status changes into at most one monitoring channel update per tenant per batch and MONITORING_UPDATES_PER_SECOND',
      timeoutSeconds: 15,
      // The update slot lives in the table; the update goes out through the broadcast queue.
      uses: [tableReadWrite, { queue: 'broadcast', send: true }, { deadLetterQueue: 'monitoring', send: true }],
      settings: ['MONITORING_UPDATES_PER_SECOND'],
    }),
    monitoringReconcile: fn({
      entry: 'functions/schedules/monitoring-reconcile.ts',
      description: "Every minute: recounts agents' live statuses and overwrites the aggregates that drifted",
      timeoutSeconds: 55,
      uses: [tableReadWrite, { queue: 'monitoring', send: true }],
    }),
    monitoringSweepOffline: fn({
      entry: 'functions/schedules/monitoring-sweep-offline.ts',
      description: 'Every minute: marks agents silent beyond HEARTBEAT_TIMEOUT_SECONDS offline',
      timeoutSeconds: 55,
      uses: [tableReadWrite, { queue: 'monitoring', send: true }, { queue: 'broadcast', send: true }, { queue: 'delivery', send: true }],
      settings: ['HEARTBEAT_TIMEOUT_SECONDS'],
    }),
    scoringWorker: fn({
      entry: 'functions/workers/scoring.ts',
      description: 'Scores submissions from the scoring queue and moves leaderboard entries',
      timeoutSeconds: 30,
      // A message that breaks the scoring queue's contract goes straight to its DLQ.
      // Submissions with judge-scored tasks go on to the judging queue.
      uses: [
        tableReadWrite,
        { queue: 'broadcast', send: true },
        { queue: 'delivery', send: true },
        { queue: 'judging', send: true },
        { deadLetterQueue: 'scoring', send: true },
      ],
    }),
    judgingWorker: fn({
      entry: 'functions/workers/judge-scoring.ts',
      description:
        'Scores submissions with judge-scored tasks: signed POSTs to the judges, bounded concurrency, four attempts each, then the pure scorer',
      // The worst case of one submission's judge calls plus the work around them (shared/judges/timing.ts, docs/decisions.md).
      timeoutSeconds: JUDGING_WORKER_TIMEOUT_SECONDS,
      // Delays redeliveries with ChangeMessageVisibility on its own queue (its URL; the event source grants the call).
      uses: [
        tableReadWrite,
        { queue: 'judging' },
        { queue: 'broadcast', send: true },
        { queue: 'delivery', send: true },
        { deadLetterQueue: 'judging', send: true },
      ],
      settings: ['WEBHOOK_ALLOW_LOOPBACK', 'JUDGE_ATTEMPT_TIMEOUT_MS', 'JUDGE_RETRY_DELAYS_MS', 'JUDGE_RETRY_SCHEDULE_SECONDS', 'JUDGE_CONCURRENCY'],
    }),
    sweepSubmissions: fn({
      entry: 'functions/schedules/sweep-submissions.ts',
      description: 'Every minute: re-enqueues submissions stuck in queued or scoring',
      timeoutSeconds: 60,
      uses: [tableReadWrite, { queue: 'scoring', send: true }],
      settings: ['STUCK_SUBMISSION_SECONDS'],
    }),
    deadLetterRecorder: fn({
      entry: 'functions/workers/dead-letter-recorder.ts',
      description: "Drains every DLQ into dead-letter records and marks the failed work's object failed",
      timeoutSeconds: 30,
      // The DLQ event sources grant the receive; the records and the failed objects live in the table.
      uses: [tableReadWrite, { queue: 'broadcast', send: true }, { queue: 'delivery', send: true }],
    }),
    deliveryWorker: fn({
      entry: 'functions/workers/delivery.ts',
      description: 'Delivers events to webhook endpoints: signed POSTs, four attempts per receive, growing redelivery delays, auto-disable',
      // A batch's records run side by side; one record takes at most 4 x 3 s + 3.5 s of waits.
      timeoutSeconds: 30,
      // Sends replays, and publishes webhook.disabled (to webhooks and to the broadcast queue); delays
      // redeliveries with ChangeMessageVisibility, which its event source grants.
      uses: [tableReadWrite, { queue: 'delivery', send: true }, { queue: 'broadcast', send: true }, { deadLetterQueue: 'delivery', send: true }],
      settings: [
        'WEBHOOK_ALLOW_LOOPBACK',
        'WEBHOOK_RETRY_DELAYS_MS',
        'WEBHOOK_ATTEMPT_TIMEOUT_MS',
        'WEBHOOK_RETRY_SCHEDULE_SECONDS',
        'WEBHOOK_DISABLE_AFTER_FAILURES',
      ],
    }),
    sweepDeliveries: fn({
      entry: 'functions/schedules/sweep-deliveries.ts',
      description: 'Every minute: sends again the messages of deliveries never attempted (a lost enqueue)',
      timeoutSeconds: 60,
      uses: [tableReadWrite, { queue: 'delivery', send: true }],
      settings: ['STUCK_DELIVERY_SECONDS'],
    }),
    wsConnect: fn({
      entry: 'functions/ws/connect.ts',
      description: 'WebSocket $connect: registers the authorised connection',
      timeoutSeconds: 5,
      uses: [{ table: 'readWrite' }],
    }),
    wsDisconnect: fn({
      entry: 'functions/ws/disconnect.ts',
      description: 'WebSocket $disconnect: forgets exactly the connection that went away',
      timeoutSeconds: 5,
      uses: [{ table: 'readWrite' }],
    }),
    wsDefault: fn({
      entry: 'functions/ws/default.ts',
      description: 'WebSocket $default: the client protocol (subscribe with ack and snapshot, unsubscribe, ping; errors for anything else)',
      timeoutSeconds: 10,
      uses: [{ table: 'readWrite' }, { connections: true }],
    }),
    broadcastWorker: fn({
      entry: 'functions/workers/broadcast.ts',
      description: 'Fans channel updates out to WebSocket subscribers: shards large audiences, forgets gone connections, backs off on throttling',
      // One full vCPU: each post costs ~0.4 ms of CPU (SDK middleware and signing), the fan-out's bottleneck.
      memoryMb: 1769,
      timeoutSeconds: 30,
      // Re-enqueues shards and throttled posts on its own queue.
      uses: [tableReadWrite, { queue: 'broadcast', send: true }, { connections: true }, { deadLetterQueue: 'broadcast', send: true }],
      settings: ['BROADCAST_SHARD_SIZE', 'BROADCAST_FIRST_SHARD_SIZE', 'BROADCAST_POST_CONCURRENCY', 'BROADCAST_MAX_ATTEMPTS'],
    }),
  },

  authorizer: {
    function: 'authorizer',
    cacheTtlSeconds: 60,
    webSocketTokenParameter: 'token',
  },

  http: {
    cors: {
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
      exposeHeaders: ['x-correlation-id', 'retry-after', 'www-authenticate', 'link'],
      maxAgeSeconds: 600,
    },
    throttle: { rateLimit: 200, burstLimit: 400 },
    routes: httpRoutes.map(httpRouteOf),
  },

  webSocket: {
    stage: 'prod',
    routes: { $connect: 'wsConnect', $disconnect: 'wsDisconnect', $default: 'wsDefault' },
    idleTimeoutSeconds: 600,
    maxConnectionSeconds: 7200,
  },

  queues: {
    scoring: {
      consumer: 'scoringWorker',
      batchSize: 10,
      batchingWindowSeconds: 0,
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
      maxConcurrency: 10,
      deadLetterConsumer: 'deadLetterRecorder',
    },
    broadcast: {
      consumer: 'broadcastWorker',
      // One message per invocation: each shard of a large audience is its own invocation, in parallel.
      batchSize: 1,
      batchingWindowSeconds: 0,
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
      // Not applied when `-c scorecast:provisionedPollers=broadcast:min:max` puts this event source
      // in provisioned mode (opt-in, billed per poller-hour): the pollers' maximum bounds it then.
      maxConcurrency: 100,
      deadLetterConsumer: 'deadLetterRecorder',
    },
    delivery: {
      consumer: 'deliveryWorker',
      batchSize: 10,
      batchingWindowSeconds: 0,
      // 6x the worker's 30 s; a failing delivery comes back sooner, after WEBHOOK_RETRY_SCHEDULE_SECONDS.
      visibilityTimeoutSeconds: 180,
      maxReceiveCount: 5,
      maxConcurrency: 10,
      deadLetterConsumer: 'deadLetterRecorder',
    },
    judging: {
      consumer: 'judgingWorker',
      // One submission per invocation: its judge calls are what the worker's timeout is sized for.
      batchSize: 1,
      batchingWindowSeconds: 0,
      // 6x the worker's timeout; a submission whose judge is unreachable comes back sooner, after JUDGE_RETRY_SCHEDULE_SECONDS.
      visibilityTimeoutSeconds: JUDGING_VISIBILITY_TIMEOUT_SECONDS,
      maxReceiveCount: 4,
      maxConcurrency: 10,
      deadLetterConsumer: 'deadLetterRecorder',
    },
    monitoring: {
      consumer: 'monitoringUpdates',
      batchSize: 10,
      batchingWindowSeconds: 0,
      visibilityTimeoutSeconds: 90,
      maxReceiveCount: 5,
      maxConcurrency: 2,
      deadLetterConsumer: 'deadLetterRecorder',
    },
  },

  schedules: {
    sweepSubmissions: {
      function: 'sweepSubmissions',
      rateMinutes: 1,
      description: 'Re-enqueue submissions stuck in queued or scoring',
    },
    monitoringReconcile: {
      function: 'monitoringReconcile',
      rateMinutes: 1,
      description: "Recount agents' live statuses into the monitoring aggregates",
    },
    monitoringSweepOffline: {
      function: 'monitoringSweepOffline',
      rateMinutes: 1,
      description: 'Mark agents silent beyond the heartbeat timeout offline',
    },
    sweepDeliveries: {
      function: 'sweepDeliveries',
      rateMinutes: 1,
      description: 'Re-enqueue webhook deliveries whose message never arrived',
    },
  },

  // Declared in shared/contract/settings.ts, which runtime code reads them through.
  settings,
} as const satisfies Wiring;
