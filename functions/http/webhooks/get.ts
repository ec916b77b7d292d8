// One endpoint (never its secret).
import { route } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { getWebhook } from '#shared/webhooks/operations.ts';
import { webhookView } from '#shared/webhooks/webhook.ts';
import { webhooksRoutes } from '#shared/routes/webhooks.ts';

export const handler = route(webhooksRoutes['GET /v1/webhooks/{webhook_id}'], async ({ path, principal }) =>
  ok(webhookView(await getWebhook(principal, path.webhook_id))),
);
