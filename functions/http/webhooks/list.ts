// The tenant's endpoints, oldest first (never their secrets).
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { listWebhooks } from '#shared/webhooks/operations.ts';
import { webhookView } from '#shared/webhooks/webhook.ts';
import { webhooksRoutes } from '#shared/routes/webhooks.ts';

export const handler = route(webhooksRoutes['GET /v1/webhooks'], async ({ query, principal }) => {
  const page = await listWebhooks(principal, query.limit, query.cursor);
  return ok({ items: page.webhooks.map((webhook) => webhookView(webhook)), next_cursor: page.nextCursor });
});
