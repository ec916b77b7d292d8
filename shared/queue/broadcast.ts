// The broadcast queue: WebSocket updates to fan out (one channel's, or several channels' published
// together), and the shards of large audiences. Messages go
// in SendMessageBatch calls (at most 10 entries and 256 KB each), all in flight at once; entries
// SQS reports as failed are sent once more before the call fails. Each carries its correlation id.
// The message shapes are described in shared/realtime/broadcast-message.ts; their schema (the
// queue's contract, checked before the broadcast worker sees a message, built on first use) is here.
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { queueUrlVariable } from '#shared/contract/queues.ts';
import { lazyRequiredEnv } from '#shared/config/env.ts';
import { MAX_CHANNELS_PER_MESSAGE, type BroadcastMessage } from '#shared/realtime/broadcast-message.ts';
import { sqsClient } from './client.ts';
import { queueContract } from './contract.ts';
import { correlationAttributes } from './message.ts';

/** Read on first send: functions that import publish() without publishing need no queue URL. */
const queueUrl = lazyRequiredEnv(queueUrlVariable('broadcast'));

function broadcastMessageSchema(): z.ZodMiniType<BroadcastMessage> {
  const text = z.string().check(z.minLength(1));
  const data = z.record(z.string(), z.unknown());
  const item = { seq: z.number(), type: z.string(), data, occurred_at: z.string(), correlation_id: z.optional(z.string()) };
  const part = { channel: text, ...item, more: z.optional(z.array(z.object(item))) };
  const update = { tenant_id: text, ...part };

  const BroadcastUpdate = z.object({ kind: z.literal('update'), ...update });
  const BroadcastUpdates = z
    .object({
      kind: z.literal('updates'),
      tenant_id: text,
      channels: z.array(z.object(part)).check(z.minLength(1), z.maxLength(MAX_CHANNELS_PER_MESSAGE)),
    })
    .check(
      z.refine((message) => new Set(message.channels.map((c) => c.channel)).size === message.channels.length, {
        message: 'a channel is listed twice',
        path: ['channels'],
      }),
    );
  const BroadcastShard = z
    .object({
      kind: z.literal('shard'),
      ...update,
      shard: z.string(),
      attempt: z.int(),
      views: z.array(z.nullable(z.array(z.string()))),
      audiences: z.optional(z.array(z.enum(['agent', 'viewer', 'maintainer']))),
      targets: z.array(z.tuple([text, z.int(), z.optional(z.int())])),
    })
    .check(
      z.refine((shard) => shard.targets.every(([, view]) => view >= 0 && view < shard.views.length), {
        message: 'a target names a view the shard does not list',
        path: ['targets'],
      }),
    );

  return z.discriminatedUnion('kind', [BroadcastUpdate, BroadcastUpdates, BroadcastShard]);
}

export const broadcastQueue = queueContract('broadcast', broadcastMessageSchema);

const MAX_ENTRIES = 10;
/** SQS's 256 KB per batch (and per message), less room for attributes. */
const MAX_BATCH_BYTES = 250 * 1024;

export interface Outgoing {
  /** Typed as the contract reads it: a writer that type-checks sends what the worker accepts. */
  body: BroadcastMessage;
  correlationId: string;
  /** Seconds before the message can be received (throttled posts sent again later). */
  delaySeconds?: number;
}

export async function sendBroadcasts(messages: readonly Outgoing[]): Promise<void> {
  const batches: SendMessageBatchRequestEntry[][] = [];
  let batch: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  messages.forEach((message, i) => {
    const body = JSON.stringify(message.body);
    const size = Buffer.byteLength(body, 'utf8');
    if (size > MAX_BATCH_BYTES) throw new Error(`Broadcast message too large: ${size} bytes`);
    if (batch.length === MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push({
      Id: String(i),
      MessageBody: body,
      MessageAttributes: correlationAttributes(message.correlationId),
      ...(message.delaySeconds ? { DelaySeconds: message.delaySeconds } : {}),
    });
    bytes += size;
  });
  if (batch.length > 0) batches.push(batch);
  await Promise.all(batches.map((entries) => sendBatch(entries)));
}

async function sendBatch(entries: SendMessageBatchRequestEntry[]): Promise<void> {
  let pending = entries;
  for (let attempt = 1; ; attempt++) {
    const { Failed = [] } = await sqsClient.send(new SendMessageBatchCommand({ QueueUrl: queueUrl(), Entries: pending }));
    if (Failed.length === 0) return;
    if (attempt === 2) throw new Error(`SQS refused ${Failed.length} broadcast messages: ${Failed[0]?.Code}`);
    const failed = new Set(Failed.map((f) => f.Id));
    pending = pending.filter((entry) => failed.has(entry.Id));
  }
}
