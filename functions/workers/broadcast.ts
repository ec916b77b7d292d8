// The broadcast worker (SQS, partial batch failures): fans each channel update out to the
// channel's WebSocket subscribers through @connections — sharding large audiences back onto the
// queue, forgetting gone connections, backing off on throttling (shared/realtime/fanout.ts).
import { requiredIntegerEnv } from '#shared/config/env.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { broadcastQueue } from '#shared/queue/broadcast.ts';
import { sqsWorker } from '#shared/queue/worker.ts';
import { fanOutBroadcast, type FanoutSettings } from '#shared/realtime/fanout.ts';

// Declared settings (defaults in infra/wiring.ts), set for this function by the stack and the twin.
const settings: FanoutSettings = {
  shardSize: requiredIntegerEnv('BROADCAST_SHARD_SIZE'),
  firstShardSize: requiredIntegerEnv('BROADCAST_FIRST_SHARD_SIZE'),
  concurrency: requiredIntegerEnv('BROADCAST_POST_CONCURRENCY'),
  maxAttempts: requiredIntegerEnv('BROADCAST_MAX_ATTEMPTS'),
};

export const handler = sqsWorker(broadcastQueue, async ({ body: message, correlationId, logger }) => {
  const started = performance.now();
  const report = await fanOutBroadcast(message, correlationId, settings, logger);
  const ms = performance.now() - started;
  metrics.addMetric('fanout_size', 'Count', report.audience);
  metrics.addMetric('fanout_duration', 'Milliseconds', ms);
  // Gone connections removed, posts retried (throttling), sent back later, refused: in the log line below too.
  for (const key of ['gone', 'retried', 'deferred', 'failed'] as const) if (report[key]) metrics.addMetric(`fanout_${key}`, 'Count', report[key]);
  logger.info('Broadcast delivered', {
    tenant_id: message.tenant_id,
    channel: message.channel,
    seq: message.seq,
    updates: 1 + (message.more?.length ?? 0),
    kind: message.kind,
    shard: message.kind === 'shard' ? `${message.shard} #${message.attempt}` : undefined,
    ...report,
    duration_ms: Math.round(ms),
  });
});
