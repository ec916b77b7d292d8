// publish()'s webhook sink: platform events of the types endpoints may subscribe to are persisted
// and delivered exactly as integration events are (shared/integrations/fan-out.ts), with the
// design's fixed priorities. `submission.log` stays off webhooks: it is a live stream of log lines
// (dashboards get it over WebSocket), too chatty for endpoints and not an event worth persisting.
// A failure here is logged and counted, never thrown: the work that published (a score written)
// is done, and its retry could not publish again. Many events at once (a batch of status changes)
// are persisted 25 to a request and read each tenant's endpoints once.
import { forEachConcurrently } from '#shared/concurrency.ts';
import { platformEvent, type StoredEvent } from '#shared/integrations/event.ts';
import { fanOut, recordEvent, recordEvents } from '#shared/integrations/fan-out.ts';
import { allWebhooks } from '#shared/store/webhooks.ts';
import type { Webhook } from '#shared/webhooks/webhook.ts';
import { priorityOfPlatformEvent } from '#shared/integrations/priority.ts';
import { newId } from '#shared/ids.ts';
import { logger } from '#shared/powertools/logger.ts';
import { metrics } from '#shared/powertools/metrics.ts';
import type { PlatformEvent } from './publish.ts';

export const WEBHOOK_EVENT_TYPES: ReadonlySet<string> = new Set(['submission.scored', 'submission.failed', 'agent.status_changed', 'webhook.disabled']);

export function storedPlatformEvent(event: PlatformEvent, now = new Date()): StoredEvent {
  return platformEvent({
    eventId: newId('evt', now.getTime()),
    tenantId: event.tenantId,
    type: event.type,
    priority: priorityOfPlatformEvent(event.type, event.data),
    data: event.data,
    correlationId: event.correlationId,
    receivedAt: event.occurredAt,
  });
}

/** Events fanned out at once. */
const CONCURRENCY = 10;

export async function sendToWebhooks(events: readonly PlatformEvent[]): Promise<void> {
  const eligible = events.filter((event) => WEBHOOK_EVENT_TYPES.has(event.type));
  if (eligible.length === 0) return;
  const stored = eligible.map((event) => storedPlatformEvent(event));
  try {
    // One event: a conditional put; many (a batch of status changes): 25 to a BatchWriteItem.
    await (stored.length === 1 ? recordEvent(stored[0]!) : recordEvents(stored));
  } catch (error) {
    logger.error('Platform events not sent to webhooks', { events: stored.length, error: (error as Error).message });
    metrics.addMetric('webhook_sink_failures', 'Count', stored.length);
    return;
  }
  const endpoints = new Map<string, Promise<Webhook[]>>();
  const endpointsOf = (tenantId: string) => {
    let read = endpoints.get(tenantId);
    if (!read) endpoints.set(tenantId, (read = allWebhooks(tenantId)));
    return read;
  };
  await forEachConcurrently(stored, CONCURRENCY, async (event) => {
    try {
      await fanOut(event, { endpoints: await endpointsOf(event.tenantId) });
    } catch (error) {
      logger.error('Platform event not sent to webhooks', { event_type: event.type, error: (error as Error).message });
      metrics.addMetric('webhook_sink_failures', 'Count', 1);
    }
  });
}
