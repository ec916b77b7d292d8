// GET /v1/webhooks/{webhook_id}/deliveries (maintainer): the endpoint's delivery history, newest
// event first, each with every attempt (number, status code, latency, error).
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { WebhookPath } from '#shared/schemas/webhooks.ts';
import { deliveryView } from '#shared/webhooks/delivery.ts';
import { webhookDeliveries } from '#shared/webhooks/operations.ts';

export const handler = httpRoute({ path: WebhookPath, query: PageQuery }, async ({ path, query, principal }) => {
  const page = await webhookDeliveries(principal!, path.webhook_id, query.limit, query.cursor);
  return ok({ items: page.deliveries.map(deliveryView), next_cursor: page.nextCursor });
});
