// GET /v1/webhooks (viewer): the tenant's endpoints, oldest first (never their secrets).
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { PageQuery } from '#shared/schemas/common.ts';
import { listWebhooks } from '#shared/webhooks/operations.ts';
import { webhookView } from '#shared/webhooks/webhook.ts';

export const handler = httpRoute({ query: PageQuery }, async ({ query, principal }) => {
  const page = await listWebhooks(principal!, query.limit, query.cursor);
  return ok({ items: page.webhooks.map((webhook) => webhookView(webhook)), next_cursor: page.nextCursor });
});
