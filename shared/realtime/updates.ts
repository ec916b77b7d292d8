// What a platform event looks like on each channel it reaches. Plain TypeScript.
//
// update data = { ...the event's data, kind, type } (a publisher may name the kind itself):
//   submission:{id}   kind 'status' (submission.scored / submission.failed) or 'log' (submission.log)
//   leaderboard:{id}  kind 'entry': a scored submission offered to the board (agent, score, version)
//                     kind 'baseline': a baseline placed or taken off (shared/baselines/updates.ts)
//   events            kind 'event': every platform event of the tenant except log lines
//   monitoring        kind 'summary' unless the publisher names another
import type { PlatformEvent } from '#shared/events/publish.ts';

export interface ChannelUpdate {
  tenantId: string;
  channel: string;
  /** The event (or kind of update) behind it, e.g. submission.scored or monitoring.summary. */
  type: string;
  data: Record<string, unknown>;
  correlationId: string;
  occurredAt: string;
}

/** Every platform event reaches the tenant's `events` channel too, except log lines (they stream on their submission). */
export const EVENTS_CHANNEL = 'events';
const NOT_ON_EVENTS: readonly string[] = ['submission.log'];

export function kindOf(channel: string, type: string): string {
  if (channel.startsWith('submission:')) return type === 'submission.log' ? 'log' : 'status';
  if (channel.startsWith('leaderboard:')) return 'entry';
  if (channel === 'monitoring') return 'summary';
  return 'event';
}

/** One update per channel the event names, plus `events`. */
export function channelUpdates(event: PlatformEvent): ChannelUpdate[] {
  const channels = [...new Set(event.channels)];
  if (!NOT_ON_EVENTS.includes(event.type) && !channels.includes(EVENTS_CHANNEL)) channels.push(EVENTS_CHANNEL);
  return channels.map((channel) => ({
    tenantId: event.tenantId,
    channel,
    type: event.type,
    data: { ...event.data, kind: typeof event.data.kind === 'string' ? event.data.kind : kindOf(channel, event.type), type: event.type },
    correlationId: event.correlationId,
    occurredAt: event.occurredAt,
  }));
}
