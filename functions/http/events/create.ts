// Accepts an event (seed 002) → 202
// {status: "accepted", event_id, correlation_id, priority}; persisted before the answer, then
// delivered to the tenant's subscribed webhooks. Honours Idempotency-Key; the same dedup_key
// within 24 h answers the first event.
import { accepted } from '#shared/http/response.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { acceptEvent } from '#shared/integrations/intake.ts';
import { eventsRoutes } from '#shared/routes/events.ts';

export const handler = mutationRoute(eventsRoutes['POST /v1/integrations/events'], async ({ body, principal, correlationId }) => {
  const { event, deduplicated } = await acceptEvent(principal, body, correlationId);
  return accepted(
    {
      status: 'accepted',
      event_id: event.eventId,
      correlation_id: event.correlationId,
      priority: event.priority,
      dedup_key: event.dedupKey,
      deduplicated,
    },
    `/v1/integrations/events/${event.eventId}`,
  );
});
