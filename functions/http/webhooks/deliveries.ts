// The endpoint's delivery history, newest
// event first, each with every attempt (number, status code, latency, error).
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { deliveryView } from '#shared/webhooks/delivery.ts';
import { webhookDeliveries } from '#shared/webhooks/operations.ts';
import { webhooksRoutes } from '#shared/routes/webhooks.ts';

export const handler = route(webhooksRoutes['GET /v1/webhooks/{webhook_id}/deliveries'], async ({ path, query, principal }) => {
  const page = await webhookDeliveries(principal, path.webhook_id, query.limit, query.cursor);
  return ok({ items: page.deliveries.map(deliveryView), next_cursor: page.nextCursor });
});
