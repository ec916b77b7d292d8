// Registers an endpoint; 201 with its `secret`, shown this once.
import { created } from '#shared/http/response.ts';
import { mutationRoute } from '#shared/http/mutation-route.ts';
import { registerWebhook } from '#shared/webhooks/operations.ts';
import { addressPolicy } from '#shared/webhooks/settings.ts';
import { webhookView } from '#shared/webhooks/webhook.ts';
import { webhooksRoutes } from '#shared/routes/webhooks.ts';

const policy = addressPolicy();

export const handler = mutationRoute(webhooksRoutes['POST /v1/webhooks'], async ({ body, principal }) => {
  const { webhook, secret } = await registerWebhook(principal, body, policy);
  return created({ ...webhookView(webhook), secret }, `/v1/webhooks/${webhook.webhookId}`);
});
