// publish()'s webhook sink: platform events of the types endpoints may subscribe to are persisted
// and delivered exactly as integration events are (shared/integrations/dispatch.ts), with the
// design's fixed priorities. `submission.log` stays off webhooks: it is a live stream of log lines
// (dashboards get it over WebSocket), too chatty for endpoints and not an event worth persisting.
//
// A failure is logged and counted, then thrown (publish() decides what it means). A keyed event
// (guaranteed) has a derived id, so sending it again is safe: an event already stored is kept, and
// only endpoints without a delivery of it get one — a repeat reaches an endpoint under the same
// `webhook-id` (the event id), never as a second delivery. Many unkeyed events at once (a batch of
// status changes) are persisted 25 to a request and read each tenant's endpoints once.
import { forEachConcurrently } from '#shared/concurrency.ts';
import type { StoredEvent } from '#shared/integrations/event.ts';
import { dispatchEvent, recordEvent, recordEvents } from '#shared/integrations/dispatch.ts';
import { eventWithDeliveries } from '#shared/store/events.ts';
import { allWebhooks } from '#shared/store/webhooks.ts';
import type { Webhook } from '#shared/webhooks/webhook.ts';
import type { PlatformEvent } from './publish.ts';
import { storedPlatformEvent } from './stored-platform-event.ts';
import { injectFault } from './test-faults.ts';
import { loadLogger, loadMetrics } from '#shared/powertools/on-demand.ts';

export const WEBHOOK_EVENT_TYPES: ReadonlySet<string> = new Set([
  'submission.scored',
  'submission.failed',
  'agent.status_changed',
  'webhook.disabled',
]);

/** Events fanned out at once. */
const CONCURRENCY = 10;

export async function sendToWebhooks(events: readonly PlatformEvent[]): Promise<void> {
  const eligible = events.filter((event) => WEBHOOK_EVENT_TYPES.has(event.type));
  if (eligible.length === 0) return;
  const stored = eligible.map((event) => ({ event: storedPlatformEvent(event), keyed: event.key !== undefined }));
  let unkeyed = stored.filter(({ keyed }) => !keyed).map(({ event }) => event);
  let failures = 0;
  let lastError: unknown;
  try {
    // One unkeyed event: a conditional put; many (a batch of status changes): 25 to a BatchWriteItem.
    if (unkeyed.length > 0) await (unkeyed.length === 1 ? recordEvent(unkeyed[0]!) : recordEvents(unkeyed));
  } catch (error) {
    await failed(unkeyed.length, error);
    [failures, lastError, unkeyed] = [unkeyed.length, error, []];
  }
  const endpoints = new Map<string, Promise<Webhook[]>>();
  const endpointsOf = (tenantId: string) => {
    let read = endpoints.get(tenantId);
    if (!read) endpoints.set(tenantId, (read = allWebhooks(tenantId)));
    return read;
  };
  const toFanOut = [...stored.filter(({ keyed }) => keyed), ...unkeyed.map((event) => ({ event, keyed: false }))];
  await forEachConcurrently(toFanOut, CONCURRENCY, async ({ event, keyed }) => {
    try {
      // A keyed event stored before (its publisher is retried): only endpoints without its delivery.
      if (keyed) injectFault('event-write');
      const delivered = keyed && !(await recordEvent(event)) ? await deliveredTo(event) : undefined;
      await dispatchEvent(event, { endpoints: await endpointsOf(event.tenantId), delivered });
    } catch (error) {
      await failed(1, error, event.type);
      [failures, lastError] = [failures + 1, error];
    }
  });
  if (failures > 0) throw lastError;
}

async function deliveredTo(event: StoredEvent): Promise<Set<string>> {
  const found = await eventWithDeliveries(event.tenantId, event.eventId);
  return new Set((found?.deliveries ?? []).map((delivery) => delivery.webhookId));
}

async function failed(count: number, error: unknown, eventType?: string): Promise<void> {
  if (count === 0) return;
  (await loadLogger()).error('Platform events not sent to webhooks', { events: count, event_type: eventType, error: (error as Error).message });
  (await loadMetrics()).addMetric('webhook_sink_failures', 'Count', count);
}
