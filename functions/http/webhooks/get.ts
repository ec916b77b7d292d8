// GET /v1/webhooks/{webhook_id} (viewer): one endpoint (never its secret).
import { httpRoute } from '#shared/http/route.ts';
import { ok } from '#shared/http/response.ts';
import { WebhookPath } from '#shared/schemas/webhooks.ts';
import { getWebhook } from '#shared/webhooks/operations.ts';
import { webhookView } from '#shared/webhooks/webhook.ts';

export const handler = httpRoute({ path: WebhookPath }, async ({ path, principal }) =>
  ok(webhookView(await getWebhook(principal!, path.webhook_id))),
);
