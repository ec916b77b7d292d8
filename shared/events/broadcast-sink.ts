// Platform events → the broadcast queue (real-time). publish() calls broadcastEvents(); other
// producers of channel updates that are not platform events (the monitoring channel's coalesced
// summaries) call broadcastUpdates() directly.
//
// Each update is split to fit one WebSocket frame (shared/realtime/split.ts), takes its `seq`
// number(s) from the channel's counter — one ADD per channel for all of a call's updates to it, in
// the order given, and none for a channel nobody watches — and the parts travel packed
// (shared/realtime/pack.ts): up to ten of a channel, and the channels of a call together, to a
// broadcast message.
// Real-time is best effort by contract: broadcastUpdates() never throws (a failure is logged and
// counted; a client notices it as a gap in `seq` and resubscribes for a fresh snapshot).
// broadcastEvents() logs and counts the same way, then throws: publish() still runs the webhook
// sink and decides (a guaranteed event's publisher is retried and broadcasts it again).
import { sendBroadcasts } from '#shared/queue/broadcast.ts';
import { packUpdates, type NumberedUpdate } from '#shared/realtime/pack.ts';
import { jsonBytes, splitData } from '#shared/realtime/split.ts';
import { channelUpdates, type ChannelUpdate } from '#shared/realtime/updates.ts';
import { advanceSeq } from '#shared/store/channel-seq.ts';
import { isWatched } from '#shared/store/subscriptions.ts';
import type { PlatformEvent } from './publish.ts';
import { loadLogger, loadMetrics } from '#shared/powertools/on-demand.ts';

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
    const numbered = await Promise.all(byChannel(updates).map(numberedIfWatched));
    const messages = packUpdates(numbered.flat());
    await sendBroadcasts(messages);
    (await loadMetrics()).addMetric('broadcast_updates_published', 'Count', messages.length);
  } catch (error) {
    (await loadMetrics()).addMetric('broadcast_publish_failures', 'Count', 1);
    (await loadLogger()).error('Channel updates were not broadcast (subscribers will see a gap in seq)', {
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
 * One channel's updates split into frames, their parts numbered from one ADD in the order given —
 * or none when nobody watches the channel: no seq is taken and nothing travels. A subscriber who
 * registers after that check reads a snapshot that already holds what the updates say, and a
 * counter that did not move (docs/decisions.md, "Real-time": an update nobody watches).
 */
async function numberedIfWatched(updates: readonly ChannelUpdate[]): Promise<NumberedUpdate[]> {
  const first = updates[0]!;
  if (!(await isWatched(first.tenantId, first.channel))) return [];
  const parts = updates.flatMap((update) => splitData(update.data).map((data) => ({ update, data })));
  let seq = (await advanceSeq(first.tenantId, first.channel, parts.length)) - parts.length;
  return parts.map(({ update, data }) => ({
    tenantId: update.tenantId,
    channel: update.channel,
    item: { seq: ++seq, type: update.type, data, occurred_at: update.occurredAt },
    correlationId: update.correlationId,
    bytes: jsonBytes(data),
  }));
}
