// The one way platform events leave a function: submission.scored, submission.failed, log lines
// for live streaming, and (later) agent.status_changed. Today it records each event in the
// function's structured log with a metric; the real-time broadcast queue and webhook deliveries
// attach here (DESIGN.md "Pipelines").
import { logger } from '#shared/powertools/logger.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import { broadcastEvents } from './broadcast-sink.ts';
import { sendToWebhooks } from './webhook-sink.ts';

export type PlatformEventType = 'submission.scored' | 'submission.failed' | 'submission.log' | 'agent.status_changed' | 'webhook.disabled';

export interface PlatformEvent {
  type: PlatformEventType;
  tenantId: string;
  /** The channel a dashboard subscribes to, e.g. `submission:<id>` or `leaderboard:<benchmark_id>`. */
  channels: string[];
  data: Record<string, unknown>;
  correlationId: string;
  occurredAt: string;
}

export async function publish(events: PlatformEvent[]): Promise<void> {
  for (const event of events) {
    logger.info('Platform event', { event_type: event.type, tenant_id: event.tenantId, channels: event.channels });
    metrics.addMetric('platform_events_published', 'Count', 1);
  }
  // Real-time first (latency): each event's channels, through the broadcast queue (never throws).
  await broadcastEvents(events);
  // Webhooks: persisted and delivered like integration events (never throws).
  await sendToWebhooks(events);
}
