// Viewers list a tenant's events (integration and platform), newest first, and read one with
// every delivery attempt.
import type { Principal } from '#shared/auth/principal.ts';
import { notFound } from '#shared/http/errors.ts';
import { eventsPage, eventWithDeliveries } from '#shared/store/events.ts';

export async function listEvents(actor: Principal, limit: number, cursor: string | undefined) {
  return eventsPage(actor.tenantId, limit, cursor);
}

export async function getEvent(actor: Principal, eventId: string) {
  const found = await eventWithDeliveries(actor.tenantId, eventId);
  if (!found) throw notFound('The event');
  return found;
}
