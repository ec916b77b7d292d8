// The one path every event takes to webhooks, integration and platform events alike: the event is
// persisted, then one delivery per subscribed endpoint, then one queue message per delivery of an
// enabled endpoint — so a slow endpoint never delays another. A disabled endpoint's delivery is
// kept paused (its re-enable replays it). A message that could not be sent leaves its delivery
// pending, and the delivery sweeper sends it again: nothing accepted is silently dropped.
import { sendDeliveryMessages } from '#shared/queue/delivery.ts';
import { insertDeliveries } from '#shared/store/deliveries.ts';
import { insertEvent, insertEvents } from '#shared/store/events.ts';
import { allWebhooks } from '#shared/store/webhooks.ts';
import type { Delivery } from '#shared/webhooks/delivery.ts';
import { subscribes } from '#shared/webhooks/matching.ts';
import type { Webhook } from '#shared/webhooks/webhook.ts';
import type { StoredEvent } from './event.ts';
import { loadLogger } from '#shared/powertools/on-demand.ts';

/** Events and their deliveries are kept this long, then the table expires them. */
export const EVENT_RETENTION_DAYS = 30;

export const retentionEnd = (from: Date) => new Date(from.getTime() + EVENT_RETENTION_DAYS * 86_400_000);

/** Stores the event; false when it was already stored (a republished event keeps its first record). */
export async function recordEvent(event: StoredEvent): Promise<boolean> {
  return insertEvent(event, retentionEnd(new Date(event.receivedAt)));
}

/** Many new events at once (a batch of platform events), 25 to a request. */
export async function recordEvents(events: readonly StoredEvent[]): Promise<void> {
  await insertEvents(events.map((event) => ({ event, expiresAt: retentionEnd(new Date(event.receivedAt)) })));
}

export interface DispatchOptions {
  /** Deliver to this endpoint only (a test event). */
  only?: Webhook;
  /** The tenant's endpoints, when the caller already read them (many events at once). */
  endpoints?: readonly Webhook[];
  /**
   * Endpoints that already have a delivery of this event (a republished event): left alone, so a
   * delivery is never reset or doubled; a pending one whose message was lost is the sweeper's.
   */
  delivered?: ReadonlySet<string>;
  now?: Date;
}

/**
 * Creates the event's deliveries (to `only`, for a test event; else to every subscribed endpoint)
 * and enqueues those of enabled endpoints; answers how many deliveries it created.
 */
export async function dispatchEvent(event: StoredEvent, options: DispatchOptions = {}): Promise<number> {
  const { only, delivered, now = new Date() } = options;
  const endpoints = (
    only ? [only] : (options.endpoints ?? (await allWebhooks(event.tenantId))).filter((webhook) => subscribes(webhook, event))
  ).filter((webhook) => !delivered?.has(webhook.webhookId));
  if (endpoints.length === 0) return 0;
  const at = now.toISOString();
  const deliveries: Delivery[] = endpoints.map((webhook) => ({
    tenantId: event.tenantId,
    eventId: event.eventId,
    webhookId: webhook.webhookId,
    eventType: event.type,
    status: webhook.enabled ? 'pending' : 'paused',
    attempts: [],
    attemptCount: 0,
    failureCounted: false,
    lastError: null,
    nextAttemptAt: null,
    deliveredAt: null,
    createdAt: at,
    updatedAt: at,
  }));
  await insertDeliveries(deliveries, retentionEnd(new Date(event.receivedAt)));
  const messages = deliveries
    .filter((delivery) => delivery.status === 'pending')
    .map((delivery) => ({ kind: 'deliver' as const, tenant_id: delivery.tenantId, event_id: delivery.eventId, webhook_id: delivery.webhookId }));
  if (messages.length > 0) {
    try {
      await sendDeliveryMessages(messages, event.correlationId);
    } catch (error) {
      (await loadLogger()).error('Delivery messages not sent; the delivery sweeper will send them', {
        event_id: event.eventId,
        error: (error as Error).message,
      });
    }
  }
  return deliveries.length;
}
