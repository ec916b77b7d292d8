// The broadcast worker (SQS, partial batch failures): fans each channel update (or the updates of
// several channels published together) out to the channels' WebSocket subscribers through @connections — sharding large audiences back onto the
// queue, forgetting gone connections, backing off on throttling (shared/realtime/fanout.ts).
import { readSettings } from '#shared/config/settings.ts';
import { BROADCAST_FIRST_SHARD_SIZE, BROADCAST_MAX_ATTEMPTS, BROADCAST_POST_CONCURRENCY, BROADCAST_SHARD_SIZE } from '#shared/contract/settings.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { broadcastQueue } from '#shared/queue/broadcast.ts';
import { sqsWorker } from '#shared/queue/worker.ts';
import { fanOutBroadcast, type FanoutSettings } from '#shared/realtime/fanout.ts';

// Declared settings (shared/contract/settings.ts), set for this function by the stack and the twin.
const declared = readSettings({ BROADCAST_SHARD_SIZE, BROADCAST_FIRST_SHARD_SIZE, BROADCAST_POST_CONCURRENCY, BROADCAST_MAX_ATTEMPTS });
const settings: FanoutSettings = {
  shardSize: declared.BROADCAST_SHARD_SIZE,
  firstShardSize: declared.BROADCAST_FIRST_SHARD_SIZE,
  concurrency: declared.BROADCAST_POST_CONCURRENCY,
  maxAttempts: declared.BROADCAST_MAX_ATTEMPTS,
};

export const handler = sqsWorker(broadcastQueue, async ({ body: message, correlationId, logger }) => {
  const started = performance.now();
  const report = await fanOutBroadcast(message, correlationId, settings, logger);
  const ms = performance.now() - started;
  metrics.addMetric('fanout_size', 'Count', report.audience);
  metrics.addMetric('fanout_duration', 'Milliseconds', ms);
  // Gone connections removed, posts retried (throttling), sent back later, refused: in the log line below too.
  for (const key of ['gone', 'retried', 'deferred', 'failed'] as const) if (report[key]) metrics.addMetric(`fanout_${key}`, 'Count', report[key]);
  const parts = message.kind === 'updates' ? message.channels : [message];
  logger.info('Broadcast delivered', {
    tenant_id: message.tenant_id,
    ...(message.kind === 'updates'
      ? { channels: parts.map((part) => part.channel), seqs: parts.map((part) => part.seq) }
      : { channel: message.channel, seq: message.seq }),
    updates: parts.reduce((sum, part) => sum + 1 + (part.more?.length ?? 0), 0),
    kind: message.kind,
    shard: message.kind === 'shard' ? `${message.shard} #${message.attempt}` : undefined,
    ...report,
    duration_ms: Math.round(ms),
  });
});
