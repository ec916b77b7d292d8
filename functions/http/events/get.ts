// GET /v1/integrations/events/{event_id} (viewer): one event with each delivery and every attempt.
import { eventView } from '#shared/integrations/event.ts';
import { getEvent } from '#shared/integrations/read.ts';
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { EventPath } from '#shared/schemas/events.ts';
import { deliveryView } from '#shared/webhooks/delivery.ts';

export const handler = httpRoute({ path: EventPath }, async ({ path, principal }) => {
  const { event, deliveries } = await getEvent(principal!, path.event_id);
  return ok({ ...eventView(event), deliveries: deliveries.map(deliveryView) });
});
