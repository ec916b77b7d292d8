// One event with each delivery and every attempt.
import { eventView } from '#shared/integrations/event.ts';
import { getEvent } from '#shared/integrations/read.ts';
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { deliveryView } from '#shared/webhooks/delivery.ts';
import { eventsRoutes } from '#shared/routes/events.ts';

export const handler = route(eventsRoutes['GET /v1/integrations/events/{event_id}'], async ({ path, principal }) => {
  const { event, deliveries } = await getEvent(principal, path.event_id);
  return ok({ ...eventView(event), deliveries: deliveries.map(deliveryView) });
});
