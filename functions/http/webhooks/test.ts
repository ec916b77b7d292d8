// Sends a `webhook.test` event to this endpoint
// only → 202 with its event id (GET /v1/integrations/events/{event_id} shows the attempts).
import { accepted } from '#shared/http/response.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { sendTestEvent } from '#shared/webhooks/test-event.ts';
import { webhooksRoutes } from '#shared/routes/webhooks.ts';

export const handler = mutationRoute(webhooksRoutes['POST /v1/webhooks/{webhook_id}/test'], async ({ path, principal, correlationId }) => {
  const event = await sendTestEvent(principal, path.webhook_id, correlationId);
  return accepted({ status: 'accepted', event_id: event.eventId, webhook_id: path.webhook_id, correlation_id: correlationId });
});
