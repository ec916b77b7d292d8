// Platform events → the broadcast queue (real-time). publish() calls broadcastEvents(); other
// producers of channel updates that are not platform events (the monitoring channel's coalesced
// summaries) call broadcastUpdates() directly.
//
// Each update is split to fit one WebSocket frame (shared/realtime/split.ts), takes its `seq`
// number(s) from the channel's counter — one ADD per channel for all of a call's updates to it, in
// the order given — and a channel's parts travel packed, up to ten to a broadcast message.
// Real-time is best effort by contract: broadcastUpdates() never throws (a failure is logged and
// counted; a client notices it as a gap in `seq` and resubscribes for a fresh snapshot).
// broadcastEvents() logs and counts the same way, then throws: publish() still runs the webhook
// sink and decides (a guaranteed event's publisher is retried and broadcasts it again).
import { logger } from '#shared/powertools/logger.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { sendBroadcasts, type Outgoing } from '#shared/queue/broadcast.ts';
import type { BroadcastUpdate, UpdateItem } from '#shared/realtime/broadcast-message.ts';
import { jsonBytes, splitData } from '#shared/realtime/split.ts';
import { channelUpdates, type ChannelUpdate } from '#shared/realtime/updates.ts';
import { advanceSeq } from '#shared/store/channel-seq.ts';
import type { PlatformEvent } from './publish.ts';

export type { ChannelUpdate };

/** Every channel each event names, plus the tenant's `events` channel (log lines excepted). Throws when not sent. */
export async function broadcastEvents(events: readonly PlatformEvent[]): Promise<void> {
  await sendUpdates(events.flatMap(channelUpdates), true);
}

/**
 * Sends channel updates to their subscribers. For a location-scoped channel (`monitoring`), put
 * the per-location parts in `data.by_location` ({location: …}): each subscriber receives only the
 * locations its principal may see.
 */
export async function broadcastUpdates(updates: readonly ChannelUpdate[]): Promise<void> {
  await sendUpdates(updates, false);
}

async function sendUpdates(updates: readonly ChannelUpdate[], rethrow: boolean): Promise<void> {
  if (updates.length === 0) return;
  try {
    // A function that publishes without `{ queue: 'broadcast', send: true }` logs "Missing
    // environment variable BROADCAST_QUEUE_URL" here on its first event.
    const messages = await Promise.all(byChannel(updates).map(messagesOf));
    await sendBroadcasts(messages.flat());
    metrics.addMetric('broadcast_updates_published', 'Count', messages.flat().length);
  } catch (error) {
    metrics.addMetric('broadcast_publish_failures', 'Count', 1);
    logger.error('Channel updates were not broadcast (subscribers will see a gap in seq)', {
      error: (error as Error).message,
      channels: updates.map((u) => u.channel),
    });
    if (rethrow) throw error;
  }
}

/** The updates grouped by (tenant, channel), each group in the order given. */
function byChannel(updates: readonly ChannelUpdate[]): ChannelUpdate[][] {
  const groups = new Map<string, ChannelUpdate[]>();
  for (const update of updates) {
    const key = `${update.tenantId}\u0000${update.channel}`;
    const group = groups.get(key);
    if (group) group.push(update);
    else groups.set(key, [update]);
  }
  return [...groups.values()];
}

/**
 * Updates of one channel packed in one broadcast message at most: each subscriber gets a message's
 * updates one after another, so this bounds how long the last waits (in AWS ~15 ms a post).
 */
export const MAX_UPDATES_PER_MESSAGE = 10;
/**
 * Data of one message's updates at most: SQS takes 256 KB, and a shard of throttled posts sent back
 * carries the updates plus up to MAX_SHARD_SIZE targets (~80 KB). Each part is < 32 KB (one frame).
 */
const MAX_MESSAGE_DATA_BYTES = 128 * 1024;

/**
 * One channel's updates: their parts take consecutive numbers from one ADD, and travel packed —
 * up to MAX_UPDATES_PER_MESSAGE in a message (`more`), so a batch of status changes is one audience
 * Query and one worker invocation, not one per change.
 */
async function messagesOf(updates: readonly ChannelUpdate[]): Promise<Outgoing[]> {
  const parts = updates.flatMap((update) => splitData(update.data).map((data) => ({ update, data, bytes: jsonBytes(data) })));
  const first = updates[0]!;
  let seq = (await advanceSeq(first.tenantId, first.channel, parts.length)) - parts.length;
  const messages: Outgoing[] = [];
  let body: BroadcastUpdate | undefined;
  let correlationId = '';
  let bytes = 0;
  for (const { update, data, bytes: size } of parts) {
    const item: UpdateItem = { seq: ++seq, type: update.type, data, occurred_at: update.occurredAt };
    if (body && (body.more ?? []).length + 1 < MAX_UPDATES_PER_MESSAGE && bytes + size <= MAX_MESSAGE_DATA_BYTES) {
      (body.more ??= []).push(update.correlationId === correlationId ? item : { ...item, correlation_id: update.correlationId });
      bytes += size;
      continue;
    }
    body = { kind: 'update', tenant_id: update.tenantId, channel: update.channel, ...item };
    correlationId = update.correlationId;
    bytes = size;
    messages.push({ body, correlationId });
  }
  return messages;
}
