// A new secret (shown once); deliveries
// carry signatures with both secrets during the overlap (`overlap_seconds`, default
// WEBHOOK_SECRET_OVERLAP_SECONDS).
import { requiredIntegerEnv } from '#shared/config/env.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { ok } from '#shared/http/response.ts';
import { rotateWebhookSecret } from '#shared/webhooks/operations.ts';
import { webhookView } from '#shared/webhooks/webhook.ts';
import { webhooksRoutes } from '#shared/routes/webhooks.ts';

const defaultOverlapSeconds = requiredIntegerEnv('WEBHOOK_SECRET_OVERLAP_SECONDS');

export const handler = mutationRoute(webhooksRoutes['POST /v1/webhooks/{webhook_id}/rotate-secret'], async ({ path, body, principal }) => {
  const { webhook, secret } = await rotateWebhookSecret(principal, path.webhook_id, body?.overlap_seconds ?? defaultOverlapSeconds);
  return ok({ ...webhookView(webhook), secret });
});
