// The one way platform events leave a function: submission.scored, submission.failed, log lines
// for live streaming, agent.status_changed and webhook.disabled. Each event is logged and counted,
// then goes to both sinks: the broadcast queue (real time) and the webhook sink (persisted,
// delivered to subscribed endpoints). DESIGN.md "Pipelines"; docs/decisions.md "No lost events".
//
// An event with a `key` is guaranteed at least once: its stored id derives from what happened, so
// publishing it again records nothing twice and yields the same deliveries (same `webhook-id`); and
// publish() throws when a sink failed for it, after trying both, so its publisher's retry (an SQS
// redelivery) republishes it. An event without a key is best effort: a failure is logged and counted.
import { broadcastEvents } from './broadcast-sink.ts';
import { sendToWebhooks } from './webhook-sink.ts';
import { loadLogger, loadMetrics } from '#shared/powertools/on-demand.ts';

export type PlatformEventType = 'submission.scored' | 'submission.failed' | 'submission.log' | 'agent.status_changed' | 'webhook.disabled';

export interface PlatformEvent {
  type: PlatformEventType;
  tenantId: string;
  /** The channel a dashboard subscribes to, e.g. `submission:<id>` or `leaderboard:<benchmark_id>`. */
  channels: string[];
  data: Record<string, unknown>;
  correlationId: string;
  occurredAt: string;
  /**
   * What happened, once — e.g. the subject's id and the time of the transition stored with it. Set,
   * the event is guaranteed (see above) and its id derives from type, tenant and key.
   */
  key?: string;
}

export class EventsNotPublished extends Error {
  override name = 'EventsNotPublished';
}

export async function publish(events: PlatformEvent[]): Promise<void> {
  for (const event of events) {
    (await loadLogger()).info('Platform event', { event_type: event.type, tenant_id: event.tenantId, channels: event.channels });
    (await loadMetrics()).addMetric('platform_events_published', 'Count', 1);
  }
  // Both sinks always run; each logs and counts its own failure.
  const failed: string[] = [];
  // Real-time first (latency): each event's channels, through the broadcast queue.
  await broadcastEvents(events).catch(() => failed.push('broadcast'));
  // Webhooks: persisted and delivered like integration events.
  await sendToWebhooks(events).catch(() => failed.push('webhooks'));
  if (failed.length > 0 && events.some((event) => event.key !== undefined))
    throw new EventsNotPublished(`Platform events not published to ${failed.join(' and ')}; republish them (same keys)`);
}
