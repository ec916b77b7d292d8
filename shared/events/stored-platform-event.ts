// A platform event as stored for webhooks. A keyed (guaranteed) event's id derives from its type,
// tenant and key, so every publish of the same change is the same stored event and reaches an
// endpoint under the same `webhook-id`. Plain TypeScript.
import { derivedId, newId } from '#shared/ids.ts';
import { platformEvent, type StoredEvent } from '#shared/integrations/event.ts';
import { priorityOfPlatformEvent } from '#shared/integrations/priority.ts';
import type { PlatformEvent } from './publish.ts';

/** A keyed event's id derives from its type, tenant and key (at its time); others get a fresh id. */
export function platformEventId(event: PlatformEvent, now = new Date()): string {
  if (event.key === undefined) return newId('evt', now.getTime());
  return derivedId('evt', Date.parse(event.occurredAt), `${event.type}\u0000${event.tenantId}\u0000${event.key}`);
}

export function storedPlatformEvent(event: PlatformEvent, now = new Date()): StoredEvent {
  return platformEvent({
    eventId: platformEventId(event, now),
    tenantId: event.tenantId,
    type: event.type,
    priority: priorityOfPlatformEvent(event.type, event.data),
    data: event.data,
    correlationId: event.correlationId,
    receivedAt: event.occurredAt,
  });
}
