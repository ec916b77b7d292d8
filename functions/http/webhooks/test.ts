// POST /v1/webhooks/{webhook_id}/test (maintainer): sends a `webhook.test` event to this endpoint
// only → 202 with its event id (GET /v1/integrations/events/{event_id} shows the attempts).
import { accepted } from '#shared/http/response.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { WebhookPath } from '#shared/schemas/webhooks.ts';
import { sendTestEvent } from '#shared/webhooks/test-event.ts';

export const handler = mutationRoute({ path: WebhookPath }, async ({ path, principal, correlationId }) => {
  const event = await sendTestEvent(principal!, path.webhook_id, correlationId);
  return accepted({ status: 'accepted', event_id: event.eventId, webhook_id: path.webhook_id, correlation_id: correlationId });
});
